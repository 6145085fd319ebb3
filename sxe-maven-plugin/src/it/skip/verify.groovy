def log = new File(basedir, 'build.log').text
assert log.contains('sxe: skipped (sxe.skip=true)')
assert new File(basedir, 'target/skip-1.0.jar').isFile() : 'the jar should still be built'
assert !new File(basedir, 'target/skip-1.0').exists() : 'sxe.skip=true still produced an executable'
assert !new File(basedir, 'target/sxe').exists()
return true
