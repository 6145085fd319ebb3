def log = new File(basedir, 'build.log').text
// Text report of the good plain PBIN file.
assert log =~ /file:\s+.*plain\.pbin \(394 bytes/
assert log =~ /stub:\s+script, 58 bytes/
assert log =~ /header:\s+at offset 74: PBIN version 1, compression none, 1 entries, manifest 207 bytes, flags 0x00000000/
assert log =~ /name:\s+plain 2\.0\.0/
assert log.contains('plain PBIN (no sxe extension)')
assert log =~ /trailer:\s+absent/
assert log =~ /linux-x86_64\s+binary\s+-\s+49\s+49\s+100\.0%\s+548f4546e13431db\s+yes/
// JSON report.
def start = log.indexOf('{\n')
def json = new groovy.json.JsonSlurper().parseText(log.substring(start, log.indexOf('\n}', start) + 2))
assert json.fileSize == 394 && json.trailer == false && json.sxe == false
assert json.entries.size() == 1 && json.entries[0].verified == true
assert json.entries[0].checksum == '548f4546e13431db31844da76a1b8e713e3a0b99b42b3c5a0719d306c0a88882'
// The corrupt one fails, naming the file and the problem, after showing the damaged row.
assert log =~ /linux-x86_64\s+binary.*NO: .*corrupt\.pbin/
assert log =~ /\[ERROR\] Failed to execute goal dev\.sxe:sxe-maven-plugin:[^:]+:inspect .*sxe: .*corrupt\.pbin: .*(checksum|BLAKE3)/
assert log.contains('sxe: <file>:') && log.contains('missing.pbin does not exist')
// The good file's own stub still runs (it is a plain script that exits 1).
def p = new ProcessBuilder(['sh', new File(basedir, 'files/plain.pbin').absolutePath]).redirectErrorStream(true).start()
def out = p.inputStream.text
assert p.waitFor() == 1 && out.contains('a PBIN stub written by hand')
return true
