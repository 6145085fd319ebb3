// basedir is this IT's folder; the generated project is project/demo-cli.
def project = new File(basedir, 'project/demo-cli')
assert new File(project, 'src/main/java/it/demo/cli/App.java').isFile()
def log = new File(project, 'build.log')
assert log.isFile()
def logText = log.text
assert logText.contains('Tests run: 2, Failures: 0, Errors: 0') : 'the generated unit tests did not run'
assert logText.contains('sxe: runtime jlink from JDK') : 'the archetype does not default to runtime=jlink'
def exe = new File(project, 'target/demo-cli')
assert exe.isFile() && exe.canExecute() : "mvn package did not produce $exe"

// The app runs without any Java: PATH is an empty directory, JAVA_HOME unset.
def emptyBin = new File(project, 'target/empty-bin')
emptyBin.mkdirs()
def probe = new ProcessBuilder(['/bin/sh', '-c', 'command -v java || echo none']).redirectErrorStream(true)
probe.environment().put('PATH', emptyBin.absolutePath)
probe.environment().remove('JAVA_HOME')
def probeProc = probe.start()
def probeOut = probeProc.inputStream.text.trim()
probeProc.waitFor()
assert probeOut == 'none' : "java is still on PATH: $probeOut"

def run = { List<String> args ->
  def pb = new ProcessBuilder([exe.absolutePath] + args).redirectErrorStream(true)
  pb.environment().put('SXE_CACHE_DIR', new File(project, 'target/sxe-cache').absolutePath)
  pb.environment().put('PATH', emptyBin.absolutePath)
  pb.environment().remove('JAVA_HOME')
  pb.environment().remove('JAVA_TOOL_OPTIONS')
  def p = pb.start()
  def out = p.inputStream.text
  [p.waitFor(), out]
}
def (code, out) = run(['Ada', 'Lovelace'])
println out
assert code == 0 : "exit code $code: $out"
assert out.trim() == 'Howdy from demo-cli! You said: Ada Lovelace'
def (code2, out2) = run(['--exit', '5', 'bye'])
assert code2 == 5 : "exit code $code2: $out2"
assert out2.trim() == 'Howdy from demo-cli! You said: bye'
def pom = new File(project, 'pom.xml').text
assert pom.contains('<sxe.version>') && !pom.contains('<sxe.version>@')
assert pom.contains('<sxe.runtime>jlink</sxe.runtime>')
return true
