// Run by green's build after invoker.properties' two builds of this project: what surefire recorded.
def reports = new File(basedir, 'target/surefire-reports')
def sleepers = new File(reports, 'TEST-example.SleepersTest.xml').text
assert sleepers.contains('tests="1"') && sleepers.contains('failures="0"') && sleepers.contains('errors="0"') : sleepers
def spin = new File(reports, 'TEST-example.SpinTest.xml').text
assert spin.contains('failures="1"') : spin
assert spin.contains("green-junit: fiber '@GreenTest SpinTest.spinsOnTheHub()' held the hub (green-hub) for ") : spin
assert spin.contains('at example.SpinTest.spin(SpinTest.java:') : spin
// the installed agent's POM names no dependency: ASM is shaded inside the jar
def agentPom = new File(localRepositoryPath, 'dev/green/green-agent/' + greenVersion + '/green-agent-' + greenVersion + '.pom').text
assert !agentPom.contains('<artifactId>asm</artifactId>') : agentPom
return true
