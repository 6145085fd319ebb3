def log = new File(basedir, 'build.log').text
// Six invocations, six failures, no success.
assert log.count('BUILD FAILURE') == 6 : "expected 6 failed builds"
assert !log.contains('BUILD SUCCESS')
[
  "sxe: <mainClass>: class it.app.Missing is not in misconfigured-1.0.jar",
  "sxe: <compression>: 'brotli' is unknown; expected zstd, lz4 or none",
  "sxe: <stub>: stub=native makes a file for one platform, but 4 targets are packed [linux-x86_64, linux-aarch64, darwin-x86_64, darwin-aarch64]",
  "sxe: <executables>: target 'linux-mips' is unknown; expected one of linux-x86_64, linux-aarch64",
  "sxe: <executables>: the <file> for linux-x86_64 does not exist or is not a file:",
  "sxe: <executables>: no jar: run the package phase after jar, or configure <executables>",
].each { assert log.contains(it) : "build.log lacks: $it" }
assert !new File(basedir, 'target/misconfigured-1.0').exists()
return true
