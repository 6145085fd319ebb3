// Builds the project a second time, from a copy in another directory, a few seconds later, with
// the same Maven and local repository, and compares the two executables byte for byte.
def first = new File(basedir, 'target/reproducible-1.0')
assert first.isFile()
def copy = new File(basedir.parentFile, basedir.name + '-copy')
copy.deleteDir()
def copyTree = { File from, File to ->
  java.nio.file.Files.walk(from.toPath()).each { p ->
    def dest = to.toPath().resolve(from.toPath().relativize(p).toString())
    if (java.nio.file.Files.isDirectory(p)) { java.nio.file.Files.createDirectories(dest) } else { java.nio.file.Files.copy(p, dest) }
  }
}
copy.mkdirs()
java.nio.file.Files.copy(new File(basedir, 'pom.xml').toPath(), new File(copy, 'pom.xml').toPath())
copyTree(new File(basedir, 'src'), new File(copy, 'src'))
Thread.sleep(2100)
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').absolutePath
def settings = new File(basedir.parentFile, 'interpolated-settings.xml')
assert settings.isFile()
def cmd = [mvn, '-B', '-o', '-s', settings.absolutePath, "-Dmaven.repo.local=${localRepositoryPath}".toString(), 'clean', 'package']
def pb = new ProcessBuilder(cmd).directory(copy).redirectErrorStream(true)
pb.environment().put('MAVEN_OPTS', '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC')
def p = pb.start()
def log = p.inputStream.text
assert p.waitFor() == 0 : "second build failed:\n$log"
def second = new File(copy, 'target/reproducible-1.0')
assert second.isFile()
assert first.length() == second.length()
assert Arrays.equals(first.bytes, second.bytes) : 'two clean builds gave different bytes'
assert !log.contains('is up to date') : 'the second build must really repack'
def run = new ProcessBuilder([second.absolutePath, 'a', 'b']).redirectErrorStream(true)
run.environment().put('SXE_CACHE_DIR', new File(basedir, 'target/sxe-cache').absolutePath)
def rp = run.start()
def out = rp.inputStream.text
assert rp.waitFor() == 0 : out
assert out.contains('reproducible a,b') : out
return true
