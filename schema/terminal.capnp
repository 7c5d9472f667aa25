# Terminal sessions (issue 12): a capability-native shell behind a
# TerminalSession cap, with resume and shared read-only viewing.
#
# Model. A terminal is one shell process bound to the caller's session plus
# an output ring of ringBytes bytes. Every byte the shell writes gets a
# sequence number: the first byte is seq 0, and `nextSeq` is the number of
# bytes written so far. The ring holds [oldestSeq, nextSeq). A client names
# its position by seq, so a client that reconnects with its last seq gets
# exactly the bytes it missed, from the same shell.
#
# Identity. Terminals are keyed by the caller's SESSION (the opaque
# caller-session reference the kernel attaches to every call), never by a
# name in the params. A terminal id is a small number local to that session
# (1, 2, ...); another session's ids are `unknownTerminal`, exactly as ids
# that never existed, so an id is no oracle. Logout ends every terminal of
# the session and its shell; calls on their caps then fail closed.
#
# Attachments. Each open or attach gives a TerminalSession cap for one
# attachment, in one mode fixed for the cap's life: at most one owner
# (read-write) and up to maxFollowers followers (read-only). A follower's
# input is refused with `followerInput`, its resize and close with
# `notOwner`. A cap whose attachment was detached or replaced answers
# `detached`; one whose terminal has ended answers `ended`.
#
# Flow control. A client that keeps up loses no byte.
#   Owner: a read from seq S acknowledges every byte before S. The shell's
#     output is PAUSED (the terminal stops reading it), never dropped, when
#     the next byte would overwrite one the owner has not acknowledged. This
#     holds while the owner is detached too, which is what makes resume
#     exact: no byte is lost or duplicated across a disconnect at any point.
#   Follower: never slows the owner. A follower that falls behind the ring
#     is skipped ahead to the oldest byte held; its next read says how many
#     bytes it lost (`skipped`) and starts with a visible marker (an ANSI
#     dim "[... N bytes skipped ...]" line, which has no seq of its own).
#
# Grace. A terminal with no owner attached lives for the grace period the
# manifest sets (the terminal service's `graceMs`), then ends; the owner
# reattaching within it resumes at its last seq. When the shell exits, the
# remaining output stays readable until it is read or the grace runs out.
#
# Transports. Usable over the DTO relay now (clients poll `read`) and over
# Cap'n Proto RPC later (issue 11): attach with a TerminalOutput callback
# and the terminal pushes instead. Either way the bytes and seqs are the
# same.
#
# Errors. Domain outcomes are results (a TerminalStatus), and a refused call
# changes nothing. Transport errors (CQE status) are only: badMethod,
# malformedMessage, resultTooSmall (a result buffer below minResultBytes,
# checked before any state changes), staleSession.
#
# Ordinals are stable: never renumber, only append.
@0x902473a2a29648fb;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

enum TerminalMode {
  owner @0;     # read-write: input, resize, close; its lag pauses the shell
  follower @1;  # read-only: watches; skipped ahead when it lags
}

enum TerminalStatus {
  ok @0;
  followerInput @1;     # write on a follower attachment
  notOwner @2;          # resize or close on a follower attachment
  unknownTerminal @3;   # no live terminal with that id in the caller's session
  ownerAttached @4;     # attach as owner while an owner is attached
                        # (and replaceOwner is false)
  tooManyFollowers @5;  # maxFollowers followers are attached
  tooManyTerminals @6;  # the session has maxTerminals live terminals
  ended @7;             # the terminal has ended (closed, grace ran out,
                        # shell exited and drained, logout)
  detached @8;          # this attachment was detached or replaced
  badSize @9;           # cols or rows outside [min, max]
  tooLarge @10;         # write above maxWriteBytes
  futureSeq @11;        # a seq above the terminal's nextSeq
  noSession @12;        # the caller is bound to no session
  inputFull @13;        # the shell is not reading its input: nothing was
                        # taken, write again later
}

enum TerminalState {
  running @0;   # the owner is attached
  detached @1;  # no owner attached: ends when graceMs runs out
  exited @2;    # the shell has ended: output readable until drained or the
                # grace runs out
}

struct TerminalInfo {
  id @0 :UInt32;         # local to the session: 1, 2, ... never reused in it
  name @1 :Text;         # server-assigned, "term-<id>"
  cols @2 :UInt16;
  rows @3 :UInt16;
  state @4 :TerminalState;
  ownerAttached @5 :Bool;
  followers @6 :UInt32;
  oldestSeq @7 :UInt64;  # oldest byte the ring still holds
  nextSeq @8 :UInt64;    # seq the shell's next byte will get
  paused @9 :Bool;       # the shell's output waits for the owner to read
  graceMs @10 :UInt32;   # detached/exited: time left; running: the period
}

struct Denial {
  status @0 :TerminalStatus;
  limit @1 :UInt32;  # the bound hit (tooManyFollowers, tooManyTerminals,
                     # tooLarge), else 0
}

# What open and attach answer: an attachment, or why not.
struct AttachResult {
  union {
    attached @0 :Attachment;
    denied @1 :Denial;
  }
}

struct Attachment {
  terminal @0 :TerminalSession;  # this attachment; its mode is fixed
  mode @1 :TerminalMode;
  info @2 :TerminalInfo;         # the terminal as the attach left it
}

# One attachment to one terminal. Every method answers `detached` once the
# attachment is gone and `ended` once the terminal is.
interface TerminalSession @0x8f61f6c42d9f09d7 {
  const ringBytes :UInt32 = 262144;    # output ring per terminal (256 KiB)
  const maxWriteBytes :UInt32 = 4096;  # one write's input
  const maxReadBytes :UInt32 = 16384;  # one read's output, marker excluded
  const maxMarkerBytes :UInt32 = 64;   # a skip marker is never longer
  const minCols :UInt16 = 10;
  const maxCols :UInt16 = 500;
  const minRows :UInt16 = 3;
  const maxRows :UInt16 = 200;
  const maxFollowers :UInt32 = 8;
  const minResultBytes :UInt32 = 17408;  # maxReadBytes + marker + framing

  write @0 (bytes :Data) -> (status :TerminalStatus);
  # Input to the shell, all or nothing. status: ok | followerInput |
  # tooLarge (above maxWriteBytes) | inputFull | detached | ended.
  # An empty write is ok and does nothing.

  resize @1 (cols :UInt16, rows :UInt16) -> (status :TerminalStatus);
  # The shell sees the new size; followers see it in info and pushes.
  # status: ok | notOwner | badSize | detached | ended.

  read @2 (fromSeq :UInt64, maxBytes :UInt32)
       -> (status :TerminalStatus, bytes :Data, nextSeq :UInt64,
           skipped :UInt64, more :Bool);
  # Output from fromSeq, at most maxBytes of it (0 or above maxReadBytes
  # means maxReadBytes). Never waits: no new output is ok with no bytes.
  # fromSeq acknowledges every byte before it (for the owner, that is what
  # lets a paused shell go on), so pass the previous answer's nextSeq.
  #   skipped  bytes from fromSeq on that fell out of the ring before this
  #            read (a lagging follower, or a client resuming from further
  #            back than the ring holds; never an owner that reads from its
  #            last nextSeq). When > 0, `bytes` starts with the skip marker,
  #            and the terminal bytes follow from fromSeq + skipped.
  #   nextSeq  fromSeq + skipped + the number of terminal bytes returned
  #   more     output after nextSeq is already waiting
  # status: ok | futureSeq (fromSeq above the terminal's nextSeq) |
  #         detached | ended (also: the shell exited and this attachment
  #         has read everything; the attachment is then gone).

  info @3 () -> (status :TerminalStatus, info :TerminalInfo,
                 mode :TerminalMode, cursorSeq :UInt64);
  # cursorSeq: the first seq this attachment has not acknowledged.

  detach @4 () -> (status :TerminalStatus);
  # Ends this attachment; the terminal lives on. An owner's detach starts
  # the grace period, and its position is kept for a resume.
  # status: ok | detached | ended.

  close @5 () -> (status :TerminalStatus);
  # Ends the terminal now: the shell is stopped and every attachment then
  # answers `ended`. status: ok | notOwner | detached | ended.
}

# A session's terminals. Held per session (the caller's session picks the
# set); guest and anonymous sessions get it only if policy grants it.
interface TerminalManager @0xca8f05688a962b50 {
  const maxTerminals :UInt32 = 4;  # live terminals per session

  open @0 (cols :UInt16, rows :UInt16, output :TerminalOutput)
       -> (result :AttachResult);
  # Starts a shell in a new terminal and attaches the caller as its owner.
  # `output` is null over the DTO relay (poll `read`); over RPC, a
  # TerminalOutput the terminal pushes to. denied: badSize |
  # tooManyTerminals (limit = maxTerminals) | noSession.

  attach @1 (terminalId :UInt32, mode :TerminalMode, resumeSeq :UInt64,
             replaceOwner :Bool, output :TerminalOutput)
         -> (result :AttachResult);
  # Attaches to a live terminal of the session. resumeSeq is the first seq
  # the client has not received (0 for a new viewer: it gets what the ring
  # still holds, and its first read's `skipped` says what came before).
  # A resume within the grace period gets exactly the bytes it missed.
  # replaceOwner: an owner attach while an owner is attached detaches that
  # one (its cap answers `detached`): the same session's reload or network
  # drop that the terminal has not noticed yet. Pushes start at resumeSeq.
  # denied: unknownTerminal | ownerAttached | tooManyFollowers
  # (limit = maxFollowers) | futureSeq | ended | noSession.

  list @2 () -> (status :TerminalStatus, terminals :List(TerminalInfo));
  # Every live terminal of the caller's session, in id order, in one
  # answer (a client that reconnects re-lists atomically, never piecewise).
  # At most maxTerminals entries. status: ok | noSession.
}

# Pushes over Cap'n Proto RPC (issue 11); unused over the DTO relay.
# The terminal keeps at most one call in flight per attachment, and its
# return is the acknowledgement: it acknowledges up to that call's nextSeq,
# as a read from nextSeq would. So a client that returns only once it has
# rendered the bytes (xterm.js's write callback) gets flow control for
# free, and an owner that stops returning pauses the shell.
interface TerminalOutput @0xaa5eed753ce3d914 {
  output @0 (bytes :Data, nextSeq :UInt64, skipped :UInt64) -> ();
  # What `read` would answer from the previous push's nextSeq (the first
  # from resumeSeq): the same marker, skipped and nextSeq rules.

  resized @1 (cols :UInt16, rows :UInt16) -> ();
  # The owner resized the terminal (followers redraw at the new size).

  ended @2 (status :TerminalStatus) -> ();
  # The last push: `ended` (closed, grace ran out, shell exited and this
  # attachment drained) or `detached` (replaced by another owner).
}

# The shell's one cap (services/shell): the front end that hosts the
# terminal owns this endpoint, one per shell, and hands the client facet
# to the shell it spawns bound to the session's cell. Everything the shell
# can do goes through it, so the shell holds exactly the session's CapSet
# and no more: its commands are the session's own requests, run by the
# session's own core (same policy, bounds, redaction and transcript).
# Errors (CQE status): badMethod, malformedMessage, and disconnected once
# the terminal has ended (the shell then exits).
interface ShellHost @0xd1c7a1b5e2f04a63 {
  const maxInputBytes :UInt32 = 4096;    # one input answer
  const maxOutputBytes :UInt32 = 4096;   # one output call
  const maxWaitMs :UInt32 = 5000;        # input's longest wait
  const maxRequestBytes :UInt32 = 8192;  # one request message
  const minResultBytes :UInt32 = 65536;  # a request's answer buffer: the
                                         # kernel's message bound. A Response
                                         # that does not fit once wrapped
                                         # (a transcript near 64 KiB) is
                                         # resultTooSmall.

  input @0 (waitMs :UInt32) -> (bytes :Data, cols :UInt16, rows :UInt16,
                                resized :Bool, closing :Bool);
  # The owner's keystrokes (at most maxInputBytes), answered as soon as
  # there are any, or the size changed (resized), or the terminal is
  # ending (closing: the shell exits), or waitMs (at most maxWaitMs)
  # passed with nothing: the shell's tick for redraws and chat. cols and
  # rows are always the terminal's current size. One input call at a time
  # per shell: a second is malformedMessage.

  output @1 (bytes :Data) -> ();
  # Appends to the terminal's output ring. Answered once the ring took all
  # of it; while the owner lags (TerminalSession flow control) the answer
  # waits: the shell's output pauses, nothing is dropped. One output call
  # at a time per shell; above maxOutputBytes is malformedMessage.

  request @2 (request :Data, quiet :Bool) -> (response :Data);
  # `request` is a remote_session.capnp Request message (unframed), run by
  # the core of the session the shell belongs to; `response` is its
  # Response message. login, logout and authMethods are methodDenied: the
  # shell never changes who the session is. terminal* calls are
  # methodDenied too: a shell does not open terminals. `quiet`: a
  # background request (a chat poll, a view's redraw), answered like any
  # other but not written to the session's transcript.
}
