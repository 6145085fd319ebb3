// Runs the packed Java app: JVM options, the commons-lang3 dependency and the exit code all
// come through the container; the output is attached and installed; a rebuild is up to date.
def run(File exe, List<String> args) {
  def pb = new ProcessBuilder([exe.absolutePath] + args).redirectErrorStream(true)
  pb.environment().put('SXE_CACHE_DIR', new File(basedir, 'target/sxe-cache').absolutePath)
  def p = pb.start()
  def out = p.inputStream.text
  return [p.waitFor(), out]
}

def exe = new File(basedir, 'target/java-app-1.0')
assert exe.isFile() && exe.canExecute() : "no executable $exe"

def (code, out) = run(exe, ['abc', 'de'])
println out
assert code == 0 : "exit code $code, output: $out"
assert out.contains('Bonjour, ed+cba!') : out
assert out.contains('home=true') : out

// Second run is a cache hit; the exit code passes through.
def (code2, out2) = run(exe, ['--exit', '42'])
assert code2 == 42 : "exit code $code2, output: $out2"
assert out2.contains('Bonjour, 24+tixe--!') : out2

// Four targets by default, the dependency is in the tree, a real class path is used.
def text = exe.getText('ISO-8859-1')
['linux-x86_64', 'linux-aarch64', 'darwin-x86_64', 'darwin-aarch64'].each { assert text =~ /(?m)^\s*${it}\) sxe_off=/ : "no $it entry" }
assert text.contains('/app/lib/commons-lang3-3.17.0.jar') : 'class path does not name commons-lang3'

def installed = new File(localRepositoryPath, 'dev/sxe/it/java-app/1.0/java-app-1.0-sxe.sxe')
assert installed.isFile() : "not installed: $installed"
assert installed.bytes == exe.bytes

def log = new File(basedir, 'build.log').text
assert log.contains('is up to date') : 'second build repacked'
assert log =~ /sxe: wrote .*java-app/
return true
