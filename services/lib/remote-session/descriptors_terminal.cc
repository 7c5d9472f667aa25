// The terminal entry's method descriptors (CapKind terminal). The DTO
// structs nest an attachment's ref (TerminalRead.ref, ...); a descriptor
// lists the fields flat, the ref's two numbers first, so a generic form
// can fill them (the web UI's calls.js nests them again).
#include "services/lib/remote-session/descriptors.h"

namespace remote_session {
namespace {

constexpr uint32_t kR = kRightRead;
constexpr uint32_t kW = kRightWrite;

#define RS_PARAMS(p) p, sizeof(p) / sizeof(p[0])

const ParamDescriptor kId = {"terminalId", ParamType::kUint, 1, ~0u, nullptr, 0};
const ParamDescriptor kAttachment = {"attachment", ParamType::kUint, 0, ~0u, nullptr, 0};
const ParamDescriptor kCols = {"cols", ParamType::kUint, 10, 500, nullptr, 0};
const ParamDescriptor kRows = {"rows", ParamType::kUint, 3, 200, nullptr, 0};
const char* const kModes[] = {"owner", "follower"};

const ParamDescriptor kSize[] = {kCols, kRows};
const ParamDescriptor kAttach[] = {kId,
                                   {"mode", ParamType::kEnum, 0, 0, kModes, 2},
                                   {"resumeSeq", ParamType::kUint, 0, ~0ull, nullptr, 0}};
const ParamDescriptor kRef[] = {kId, kAttachment};
const ParamDescriptor kWrite[] = {
    kId, kAttachment, {"bytes", ParamType::kText, 0, kMaxTerminalWriteBytes, nullptr, 0}};
const ParamDescriptor kResize[] = {kId, kAttachment, kCols, kRows};
const ParamDescriptor kRead[] = {
    kId, kAttachment, {"fromSeq", ParamType::kUint, 0, ~0ull, nullptr, 0}};

// schema/terminal.capnp: reads and attaches as a follower need read;
// everything that changes a terminal needs write (an owner attach too:
// checked with its mode).
const MethodDescriptor kTerminalMethods[] = {
    {"terminalOpen", "start a shell in a new terminal, as its owner", RS_PARAMS(kSize), 0, kW},
    {"terminalAttach", "attach to a live terminal (owner or follower)", RS_PARAMS(kAttach), 0, kR},
    {"terminalList", "this session's live terminals", nullptr, 0, 0, kR},
    {"terminalWrite", "type into a terminal you own", RS_PARAMS(kWrite), 0, kW},
    {"terminalResize", "resize a terminal you own", RS_PARAMS(kResize), 0, kW},
    {"terminalRead", "output from a sequence number", RS_PARAMS(kRead), 0, kR},
    {"terminalInfo", "an attachment's terminal and position", RS_PARAMS(kRef), 0, kR},
    {"terminalDetach", "leave a terminal running", RS_PARAMS(kRef), 0, kR},
    {"terminalClose", "end a terminal you own", RS_PARAMS(kRef), 0, kW},
};

}  // namespace

const MethodDescriptor* TerminalMethodTable(uint32_t* count) {
  *count = sizeof(kTerminalMethods) / sizeof(kTerminalMethods[0]);
  return kTerminalMethods;
}

}  // namespace remote_session
