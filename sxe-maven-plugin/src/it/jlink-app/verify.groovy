// The jlinked CLI runs with no java anywhere: PATH holds only an empty directory, JAVA_HOME is
// unset. picocli and gson come from app/lib, a resource from the jar, java.sql from the runtime.
def cache = new File(basedir, 'target/sxe-cache')
def emptyBin = new File(basedir, 'target/empty-bin')
emptyBin.mkdirs()

def run(File exe, List<String> args, File cache, File emptyBin) {
  def pb = new ProcessBuilder([exe.absolutePath] + args).redirectErrorStream(true)
  def env = pb.environment()
  env.remove('JAVA_HOME')
  env.remove('JAVA_TOOL_OPTIONS')
  env.put('PATH', emptyBin.absolutePath)
  env.put('SXE_CACHE_DIR', cache.absolutePath)
  def p = pb.start()
  def out = p.inputStream.text
  return [p.waitFor(), out]
}

// No java can be found through this PATH.
assert !new File(emptyBin, 'java').exists()
def probe = new ProcessBuilder(['/bin/sh', '-c', 'command -v java || echo none']).redirectErrorStream(true)
probe.environment().put('PATH', emptyBin.absolutePath)
probe.environment().remove('JAVA_HOME')
def probeProc = probe.start()
def probeOut = probeProc.inputStream.text.trim()
probeProc.waitFor()
assert probeOut == 'none' : "java is still on PATH: $probeOut"

def exe = new File(basedir, 'target/jlink-app-1.0')
assert exe.isFile() && exe.canExecute() : "no executable $exe"

def (code, out) = run(exe, ['ab', 'cd'], cache, emptyBin)
println out
assert code == 0 : "exit code $code, output: $out"
assert out.contains('"greeting":"Hej, ab+cd"') : out
assert out.contains('"banner":"banner from the jar"') : out
assert out.contains('"date":"2024-02-29"') : out
assert out.contains('"javaHome":true') : 'the JVM is not the packed runtime: ' + out

// A warm run from the cache; the exit code passes through.
def (code2, out2) = run(exe, ['--exit', '7', 'x'], cache, emptyBin)
assert code2 == 7 : "exit code $code2, output: $out2"
assert out2.contains('"greeting":"Hej, x"') : out2

// The cache entry holds runtime/ and app/; the runtime is trimmed.
def entries = cache.listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }
assert entries.size() == 1 : "cache: ${cache.list()}"
def home = entries[0]
assert new File(home, 'runtime/bin/java').canExecute()
assert new File(home, 'app/lib/picocli-4.7.6.jar').isFile()
assert new File(home, 'app/lib/gson-2.10.1.jar').isFile()
assert new File(home, 'runtime/lib/server/classes.jsa').isFile() : 'no default CDS archive'
def release = new File(home, 'runtime/release').text
assert release.contains('java.sql') : release
assert !release.contains('java.desktop') : 'runtime is not trimmed: ' + release

def log = new File(basedir, 'build.log').text
assert log =~ /sxe: jdeps found [a-z.,]*java\.sql/ : 'jdeps did not find java.sql'
assert log.contains('sxe: runtime jlink from JDK')
assert log.contains('is up to date') : 'second build repacked'
return true
