#include "services/lib/terminal/types.h"

namespace terminal {

const char* StatusName(Status s) {
  switch (s) {
    case Status::kOk:
      return "ok";
    case Status::kFollowerInput:
      return "followerInput";
    case Status::kNotOwner:
      return "notOwner";
    case Status::kUnknownTerminal:
      return "unknownTerminal";
    case Status::kOwnerAttached:
      return "ownerAttached";
    case Status::kTooManyFollowers:
      return "tooManyFollowers";
    case Status::kTooManyTerminals:
      return "tooManyTerminals";
    case Status::kEnded:
      return "ended";
    case Status::kDetached:
      return "detached";
    case Status::kBadSize:
      return "badSize";
    case Status::kTooLarge:
      return "tooLarge";
    case Status::kFutureSeq:
      return "futureSeq";
    case Status::kNoSession:
      return "noSession";
    case Status::kInputFull:
      return "inputFull";
  }
  return "unknown";
}

}  // namespace terminal
