// The app module's executable carries the lib module's jar; temp mode removes its directory.
def exe = new File(basedir, 'app/target/app-1.0')
assert exe.isFile() && exe.canExecute() : "no executable $exe"
def tmp = new File(basedir, 'target/tmp')
tmp.mkdirs()
def pb = new ProcessBuilder([exe.absolutePath, 'Ada', 'Lovelace', 'x']).redirectErrorStream(true)
pb.environment().put('SXE_CACHE_DIR', new File(basedir, 'target/sxe-cache').absolutePath)
pb.environment().put('TMPDIR', tmp.absolutePath)
def p = pb.start()
def out = p.inputStream.text
def code = p.waitFor()
println out
assert code == 3 : "exit code $code, output: $out"
assert out.contains('Greetings from lib, Ada') : out
def home = (out =~ /home=(\S+)/)[0][1]
assert !new File(home).exists() : "temp mode left $home behind"
// One target and stub=auto: the native launcher is the stub (an ELF file, no script).
def head = new byte[4]
exe.withInputStream { it.read(head) }
assert head == [0x7f, 0x45, 0x4c, 0x46] as byte[] : 'expected the native launcher in front'
assert new File(basedir, 'build.log').text.contains('native stub (linux-x86_64)')
def text = exe.getText('ISO-8859-1')
assert text.contains('/app/lib/lib-1.0.jar')
assert !text.contains('darwin-aarch64') : 'only linux-x86_64 was configured'
return true
