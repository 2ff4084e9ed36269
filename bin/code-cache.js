'use strict';
// V8 code cache for the bundled CLI (dist/bundle/*.cjs): the build runs the common commands once and keeps, next
// to each bundle file, the machine code V8 compiled for it (scripts/bundle-cli.mjs). A start then skips parsing
// and compiling most of the CLI's own code: about a fifth of `--help` and `compile --summary` on the 2-core
// machine. V8 refuses a cache made by another V8 version or with other flags (the file is then compiled as
// usual); a bundle file changed after its cache was made (newer mtime) is compiled as usual too, since V8 itself
// only compares lengths. Only files of the bundle directory are touched; the cache is read, never written, at run
// time (written only by the build, with `write`).
const Module = require('node:module');
const vm = require('node:vm');
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');

const CACHE_SUFFIX = '.v8-cache';

function cachedDataFor(filename) {
  try {
    const cacheFile = filename + CACHE_SUFFIX;
    if (statSync(cacheFile).mtimeMs < statSync(filename).mtimeMs) return undefined;
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/**
 * Compiles the CommonJS files of `bundleDir` with their code cache. With `write`, records each such file's code
 * cache when the process exits (after running, so the functions it compiled lazily are in it).
 */
function useCodeCache(bundleDir, { write = false } = {}) {
  const compiled = [];
  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename, ...rest) {
    // Everything else as Node does it, with every argument (newer Node passes the module format too).
    if (dirname(filename) !== bundleDir || !filename.endsWith('.cjs'))
      return original.call(this, content, filename, ...rest);
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData: write ? undefined : cachedDataFor(filename),
      ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER && {
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      }),
    });
    if (write) compiled.push({ script, filename });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  if (write)
    process.on('exit', () => {
      for (const { script, filename } of compiled)
        writeFileSync(filename + CACHE_SUFFIX, script.createCachedData());
    });
}

module.exports = { useCodeCache, CACHE_SUFFIX };
