// Runs the packed C program (linux-x86_64 entry) and checks the other targets are in the file.
def exe = new File(basedir, 'target/native-1.0')
assert exe.isFile() && exe.canExecute() : "no executable $exe"
def pb = new ProcessBuilder([exe.absolutePath, 'one', 'two words', '--exit', '7']).redirectErrorStream(true)
pb.environment().put('SXE_CACHE_DIR', new File(basedir, 'target/sxe-cache').absolutePath)
def p = pb.start()
def out = p.inputStream.text
def code = p.waitFor()
println out
assert code == 7 : "exit code $code, output: $out"
assert out.contains('native hello [one] [two words]') : out
assert out.contains('home=set') : out

def log = new File(basedir, 'build.log').text
// inspect -Dsxe.json=true prints JSON naming all three targets, all verified, lz4.
def json = new groovy.json.JsonSlurper().parseText(log.substring(log.indexOf('{\n'), log.lastIndexOf('}') + 1))
assert json.header.compression == 'lz4'
assert json.name == 'hello'
assert json.trailer == true
assert json.entries*.target == ['linux-x86_64', 'linux-aarch64', 'darwin-aarch64']
assert json.entries.every { it.verified && it.kind == 'binary' }
assert json.entries[0].uncompressedSize == new File(basedir, 'target/hello-linux-x86_64').length()
// The polyglot stub carries the linux-x86_64 launcher (built by this reactor), not the others.
assert json.entries[0].launcher.size > 0
assert json.entries[1].launcher == null
return true
