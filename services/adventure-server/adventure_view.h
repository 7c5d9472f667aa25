// Builds the Adventure.View a verb answers from the world's state right
// after the verb: the caller's room, what is in it, who is there, what it
// carries, its score, the lines it heard and (for who) everyone's
// whereabouts.
#pragma once

#include "schema/adventure.capnp.h"
#include "services/adventure-server/adventure_world.h"

namespace adventure {

void BuildView(const World& world, const Reply& reply, capos::schema::Adventure::View::Builder v);

}  // namespace adventure
