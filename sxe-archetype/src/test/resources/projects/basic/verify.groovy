// basedir is this IT's folder; the generated project is project/demo-cli.
def project = new File(basedir, 'project/demo-cli')
assert new File(project, 'src/main/java/it/demo/cli/App.java').isFile()
def log = new File(project, 'build.log')
assert log.isFile()
assert log.text.contains('Tests run: 2, Failures: 0, Errors: 0') : 'the generated unit tests did not run'
def exe = new File(project, 'target/demo-cli')
assert exe.isFile() && exe.canExecute() : "mvn package did not produce $exe"

def run = { List<String> args ->
  def pb = new ProcessBuilder([exe.absolutePath] + args).redirectErrorStream(true)
  pb.environment().put('SXE_CACHE_DIR', new File(project, 'target/sxe-cache').absolutePath)
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
return true
