// Preloaded into each benchmarked synth: records the process's peak RSS (KiB) when it exits.
const { appendFileSync } = require('node:fs');

const target = process.env.BENCH_RSS_FILE;
if (target) process.on('exit', () => appendFileSync(target, `${process.resourceUsage().maxRSS}\n`));
