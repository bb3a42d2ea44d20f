#!/usr/bin/env node
// A session adapter template for mobyspec protocol v1 (docs/protocol.md), in plain Node.js (>= 18),
// no dependencies. Copy it, fill in buildSpec() with a call into your engine, and run:
//
//     mobyspec run --builder "cmd:node path/to/adapter.mjs"
//
// As shipped it answers hello and skips every case, so a run reports everything as skipped.
//
// The rules that matter:
// - stdin and stdout carry one JSON object per line; stdout is for protocol messages ONLY.
//   Log to stderr (console.error): the runner keeps it for the report.
// - Answer every build exactly once, in the order the requests came, echoing "seq". The runner may send
//   several requests before reading an answer (pipelining); reading one line, answering it and reading
//   the next is all it takes.
// - Catch your own errors and answer "errored": a crash costs a restart, and restarts are capped.
// - Exit 0 on {"cmd":"shutdown"} or when stdin closes (node does the latter by itself).

import { createInterface } from "node:readline";

const IMPLEMENTATION = {
  name: "my-engine", // fill in: your builder's name, version, language (homepage is optional)
  version: "0.0.0",
  language: "javascript",
};

// What you claim. Cases outside it are skipped by the runner, never sent.
const CLAIMS = {
  platforms: ["linux", "windows"], // drop what your engine does not build
  operations: ["spec", "start"],
  profiles: [], // moby versions you reproduce, e.g. ["17.03", "17.06"]; empty: all of them
  unsupported_features: [], // feature tags (conformance/src/mobyspec_conformance/registry/features)
  // behaviours you do not implement yet (registry/behaviours.toml): their fields are not compared,
  // e.g. ["default-spec", "env", "links", "init", "errors"] while you fill args, cwd, tty, hostname, root
  unsupported_behaviours: [],
};

class Unsupported extends Error {}

class MobyError extends Error {
  // Throw this where moby returns an error; code is a registered dotted code, e.g. "create.workdir.not-absolute".
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Fill in: build the OCI runtime spec (operation "spec") or the start result ("start") that moby of
// request.profile would produce from request.input (the case input: container, daemon, host).
// Caution: JSON.parse turns integers beyond 2^53 (int64/uint64 limits in resources) into imprecise
// numbers; use a bigint-aware parser if your engine needs them exact.
function buildSpec(request) {
  throw new Unsupported(`not implemented yet: ${request.platform} ${request.operation}`);
}

function answer(request) {
  const seq = request.seq;
  try {
    return { seq, built: buildSpec(request) };
  } catch (err) {
    if (err instanceof Unsupported) return { seq, skipped: { reason: err.message } };
    if (err instanceof MobyError) return { seq, rejected: { code: err.code, message: err.message } };
    return { seq, errored: { message: String(err), details: { stack: err && err.stack } } };
  }
}

function hello(request) {
  const { min, max } = request.protocol;
  if (min > 1 || max < 1) {
    return { error: { message: "this adapter speaks protocol 1", supported: [1] } };
  }
  return { protocol: 1, implementation: IMPLEMENTATION, ...CLAIMS };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let message;
  try {
    message = JSON.parse(line);
  } catch (err) {
    console.error(`adapter: not JSON: ${err.message}`);
    process.exit(2);
  }
  let reply;
  switch (message.cmd) {
    case "hello":
      reply = hello(message);
      break;
    case "build":
      reply = answer(message);
      break;
    case "shutdown":
      // Stop reading; node exits once stdout has drained.
      lines.close();
      process.stdin.destroy();
      return;
    default:
      console.error(`adapter: unknown command ${JSON.stringify(message.cmd)}`);
      process.exit(2);
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
