// From a CapSet entry's typed descriptors to a Request. A method is either a
// variant of Call (chatSend, systemMotd, ...), a verb of a launched game
// (Call.adventure / Call.paperclips carry a Command {verb, args}), or, for the
// launcher entry, a request of its own (serviceLaunch, ...). Arguments are
// checked against the ParamDescriptor bounds before anything is sent; the
// guest checks them again.

// Game interfaces whose methods are Command verbs, by interfaceName, and the
// Call member that carries them.
const COMMAND_MEMBERS = { Adventure: 'adventure', Paperclips: 'paperclips' };
// The launcher's methods are Requests, not Call variants.
const REQUESTS = new Set(['serviceCatalog', 'serviceLaunch', 'serviceStatus', 'serviceStop']);
const encoder = new TextEncoder();

export function descriptor(entry, method) {
  return (entry.descriptors || []).find((d) => d.name === method);
}

export function allows(entry, method) {
  return !!entry && (entry.methods || []).includes(method);
}

// Why `args` (strings, one per parameter) do not fit, or null.
export function argProblem(d, args) {
  const params = d?.params || [];
  if (args.length !== params.length) return `${d.name} takes ${params.length} argument(s)`;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const a = args[i];
    if (p.type === 'text') {
      const bytes = encoder.encode(a).length;
      if (bytes < Number(p.min)) return `${p.name}: at least ${p.min} byte(s)`;
      if (bytes > Number(p.max)) return `${p.name}: at most ${p.max} bytes (this is ${bytes})`;
    } else if (p.type === 'uint') {
      if (!/^[0-9]{1,20}$/.test(a)) return `${p.name}: a whole number`;
      const v = BigInt(a);
      if (v < BigInt(p.min) || v > BigInt(p.max)) return `${p.name}: from ${p.min} to ${p.max}`;
    } else if (p.type === 'enum') {
      if (!(p.values || []).includes(a)) return `${p.name}: one of ${(p.values || []).join(', ')}`;
    }
  }
  return null;
}

// The launch grants a profile takes from the client: its clientFacet grants,
// each named with the interface id the catalog gives (API: ServiceLaunch).
export function launchRequest(service) {
  const grants = (service?.grants || [])
    .filter((g) => g.holder === 'clientFacet')
    .map((g) => ({ name: g.name, interfaceId: g.interfaceId }));
  return { profile: service.name, binary: '', grants };
}

// The terminal calls' descriptors list their fields flat, the attachment's
// ref first (terminalId, attachment); the DTO nests it (TerminalRef). 16-
// and 32-bit fields are JSON numbers, 64-bit ones decimal strings.
function terminalValue(method, args) {
  const n = (i) => Number(args[i]);
  const ref = () => ({ terminalId: n(0), attachment: n(1) });
  switch (method) {
    case 'terminalOpen':
      return { cols: n(0), rows: n(1) };
    case 'terminalAttach':
      return { terminalId: n(0), mode: args[1], resumeSeq: args[2], replaceOwner: false };
    case 'terminalList':
      return null;
    case 'terminalWrite':
      return { ref: ref(), bytes: Array.from(encoder.encode(args[2] ?? '')) };
    case 'terminalResize':
      return { ref: ref(), cols: n(2), rows: n(3) };
    case 'terminalRead':
      return { ref: ref(), fromSeq: args[2], maxBytes: 0, waitMs: 0 };
    default:
      return ref();
  }
}

// [kind, value] of the Request for `method` of `entry` with `args`.
// catalog is needed for serviceLaunch (its grants).
export function requestFor(entry, method, args, catalog = []) {
  if (REQUESTS.has(method)) {
    if (method === 'serviceCatalog') return ['serviceCatalog', null];
    if (method === 'serviceLaunch') {
      const service = catalog.find((s) => s.name === args[0]) || { name: args[0], grants: [] };
      return ['serviceLaunch', launchRequest(service)];
    }
    return [method, args[0]];
  }
  const call = { capName: entry.name, interfaceId: entry.interfaceId };
  const member = COMMAND_MEMBERS[entry.interfaceName];
  if (entry.interfaceName === 'TerminalManager') {
    call[method] = terminalValue(method, args);
  } else if (member) {
    call[member] = { verb: method, args };
  } else {
    // Every Call variant takes nothing (Void) or one value; UInt64 values
    // travel as decimal strings in Cap'n Proto's JSON, which args already are.
    call[method] = args.length ? args[0] : null;
  }
  return ['call', call];
}
