// One PASS/FAIL line per proof, with its evidence, printed as it is decided.
// A proof is an async function returning its evidence (a string) or
// throwing; `expect` throws a ProofError with the reason.
export class ProofError extends Error {}

export function expect(cond, why) {
  if (!cond) throw new ProofError(typeof why === 'function' ? why() : why);
}

export class Proofs {
  // context(): extra text for a FAIL line (what was still in flight).
  constructor(out = process.stdout, context = () => '') {
    this.out = out;
    this.context = context;
    this.results = [];
    this.current = ''; // the proof running now, to place problems seen meanwhile
  }

  pass(name, evidence) {
    this.results.push({ name, ok: true });
    this.out.write(`PASS ${name}: ${evidence}\n`);
  }

  fail(name, reason) {
    this.results.push({ name, ok: false });
    this.out.write(`FAIL ${name}: ${reason}\n`);
  }

  // Runs fn; its return value is the evidence. An unexpected exception is a
  // FAIL too (with its first line), so one broken step never hides the rest.
  async run(name, fn) {
    this.current = name;
    try {
      this.pass(name, (await fn()) ?? 'ok');
      return true;
    } catch (e) {
      const msg = e instanceof ProofError ? e.message : `${e?.name || 'Error'}: ${String(e?.message || e).split('\n')[0]}`;
      const extra = this.context();
      this.fail(name, extra ? `${msg} [in flight: ${extra}]` : msg);
      return false;
    }
  }

  get failed() {
    return this.results.filter((r) => !r.ok).length;
  }

  summary() {
    return `${this.results.length - this.failed} passed, ${this.failed} failed`;
  }
}
