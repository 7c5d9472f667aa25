# Paperclips: an incremental game served by services/paperclips-server.
#
# One game per caller SESSION, keyed by the caller-session reference the
# kernel attaches to each endpoint call (the per-session paperclips-worker
# is bound to its session's cell). The server owns every rule and the
# clock: it advances every game on its own timer, whether or not anybody
# calls. A game is created by its session's first call and ended by `end`
# (the worker calls it at shutdown, so the game ends with the session).
#
# Errors. Domain outcomes are results: every command answers a View whose
# `outcome` says what happened; a refused command changes nothing.
# Transport errors are only badMethod, malformedMessage, resultTooSmall
# (below minResultBytes, checked first) and staleSession.
#
# Money is in cents, wire in inches, time in server ticks (tickMs each).
#
# Ordinals are stable: never renumber, only append.
@0xa49864074b3f9da2;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface Paperclips @0xa3051fc2cb5251cf {
  const maxGames :UInt32 = 16;
  const tickMs :UInt32 = 250;
  const minPriceCents :UInt32 = 1;
  const maxPriceCents :UInt32 = 1000;
  const maxProjectIdBytes :UInt32 = 24;
  const minResultBytes :UInt32 = 4096;

  status @0 () -> (view :View);
  make @1 () -> (view :View);             # one clip by hand (1 inch of wire)
  setPrice @2 (cents :UInt32) -> (view :View);
  buyWire @3 () -> (view :View);          # one spool at the current wire price
  buyAutoclipper @4 () -> (view :View);
  project @5 (id :Text) -> (view :View);  # buy an available project
  end @6 () -> (view :View);              # ends the caller's game

  enum Outcome {
    ok @0;
    noWire @1;            # make without wire
    insufficientFunds @2;
    badPrice @3;          # outside minPriceCents..maxPriceCents
    unknownProject @4;
    projectLocked @5;     # its threshold is not reached yet
    projectDone @6;       # already bought
    noSession @7;         # the caller is bound to no session
    tableFull @8;         # maxGames reached
    noGame @9;            # end without a game
    invalidText @10;      # project id too long, empty or not printable
  }

  struct View {
    outcome @0 :Outcome;
    message @1 :Text;              # one line for this command
    clips @2 :UInt64;              # made in total
    unsold @3 :UInt64;             # inventory waiting for buyers
    wire @4 :UInt64;               # inches
    fundsCents @5 :UInt64;
    priceCents @6 :UInt32;
    demandPercent @7 :UInt32;      # chance per tick that a clip sells
    autoclippers @8 :UInt32;
    autoclipperCostCents @9 :UInt64;
    wireCostCents @10 :UInt64;     # price of the next spool
    wirePerSpool @11 :UInt32;
    ticks @12 :UInt64;             # how far the server's clock has run this game
    commands @13 :List(Command);   # every command, enabled now or not
    projects @14 :List(Project);   # unlocked (or done) projects
  }

  struct Command {
    name @0 :Text;     # "make", "setPrice", "buyWire", "buyAutoclipper", "project"
    enabled @1 :Bool;
    reason @2 :Text;   # why not ("" when enabled)
  }

  struct Project {
    id @0 :Text;
    title @1 :Text;
    effect @2 :Text;
    costCents @3 :UInt64;
    available @4 :Bool;  # affordable now and not done
    done @5 :Bool;
  }
}
