// Prints one plain closing line, `Tests: N passed, N failed, N skipped`, after jest's own summary:
// CI systems that read a runner's last line (not jest's "N passed, N total") can judge the run by it.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(
      `Tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
