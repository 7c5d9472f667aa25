// Width-aware printing for the shell's tables and lists: word wrapping with
// a hanging indent, `ls`-style columns, and "term  definition" rows (help,
// caps, services). Whatever the width (down to 1 column), no line is ever
// longer than the terminal, so the terminal never wraps on its own and a
// table stays a table. All text is untrusted and printed as by
// PutSafeText.
#pragma once

#include <stddef.h>

#include "services/lib/shell/ansi.h"

namespace shell {

// Columns PutSafeText would print for `text`, a newline counting as one.
size_t SafeColumns(TextRef text);

// Word-wraps `text` at `width` columns. The cursor starts at column `col` of
// the current line; every line after a wrap or a '\n' starts with `indent`
// spaces. Runs of spaces print as one; a word longer than a line is broken.
// Returns the column the cursor ends at (width means "line full"); prints
// no final "\r\n".
size_t WrapText(Output* out, TextRef text, size_t width, size_t col, size_t indent);

// Items in columns, filled top to bottom then left to right like `ls`,
// each line ended by "\r\n". Items wider than the terminal are cut.
void PrintColumns(Output* out, const TextRef* items, size_t count, size_t width);

// One "term  definition" row: the term padded to term_cols, then the
// definition wrapped with a hanging indent under itself. Narrower than
// term_cols + 20, the definition goes under the term, indented by 2.
void PrintDefinition(Output* out, TextRef term, TextRef definition, size_t term_cols, size_t width,
                     Color term_color = Color::kDefault);

}  // namespace shell
