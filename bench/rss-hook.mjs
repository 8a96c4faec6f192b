// Preloaded into the CLI by the benchmark (node --import): reports the process's peak RSS at exit.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
