def log = new File(basedir, 'build.log').text
// Nine invocations, nine failures, no success.
assert log.count('BUILD FAILURE') == 9 : "expected 9 failed builds"
assert !log.contains('BUILD SUCCESS')
[
  "sxe: <mainClass>: class it.app.Missing is not in misconfigured-1.0.jar",
  "sxe: <compression>: 'brotli' is unknown; expected zstd, lz4 or none",
  "sxe: <stub>: stub=native makes a file for one platform, but 4 targets are packed [linux-x86_64, linux-aarch64, darwin-x86_64, darwin-aarch64]",
  "sxe: <executables>: target 'linux-mips' is unknown; expected one of linux-x86_64, linux-aarch64",
  "sxe: <executables>: the <file> for linux-x86_64 does not exist or is not a file:",
  "sxe: <executables>: no jar: run the package phase after jar, or configure <executables>",
  "sxe: <runtime>: 'graal' is unknown; expected jlink or system",
  "for darwin-aarch64 name a JDK of that platform with jmods: <target><id>darwin-aarch64</id><jdkHome>...</jdkHome></target>",
  "sxe: <targets>: JDK at " + new File(basedir, 'jdk-linux-aarch64').canonicalPath + " has no jmods; it cannot link for another platform",
].each { assert log.contains(it) : "build.log lacks: $it" }
assert !new File(basedir, 'target/misconfigured-1.0').exists()
return true
