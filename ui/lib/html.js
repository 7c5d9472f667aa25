// One place that names the vendor modules, so every view imports Preact,
// its hooks and htm from here. They are served by the guest under /vendor/
// (ui/vendor.json); hooks' own `from "preact"` is rewritten to the same
// /vendor/ path by the bundle step, so there is one Preact instance and no
// import map (which would be an inline script under the CSP).
import { h, render, Fragment } from '/vendor/preact/preact.mjs';
import { useState, useEffect, useRef, useMemo } from '/vendor/preact/hooks.mjs';
import htm from '/vendor/htm/htm.mjs';

export const html = htm.bind(h);
export { h, render, Fragment, useState, useEffect, useRef, useMemo };
