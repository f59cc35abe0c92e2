package io.parley.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;

/**
 * How every pax-exam test boots the real Parley distribution: the tar.gz the build just
 * made, on ports of its own so a developer's running appliance is not disturbed, with the
 * JVM flags Karaf's own start script passes on Java 17 (STACK.md pitfall 7).
 */
final class ParleyContainer {

    /*
     * Free ports picked once in the test JVM and handed to the container as system
     * properties, where the probe's copy of this class reads them back: concurrent suites
     * (and a running appliance) never collide.
     */
    static final int HTTP_PORT = port("parley.itest.http.port");
    static final int SSH_PORT = port("parley.itest.ssh.port");
    /** SIP (UDP and TCP) of the appliance under test, never the 5060 of a running appliance. */
    static final int SIP_PORT = port("parley.itest.sip.port");
    /** SIP over TLS of the appliance under test, never the 5061 of a running appliance. */
    static final int SIP_TLS_PORT = port("parley.itest.sip.tls.port");
    private static final int RMI_REGISTRY_PORT = port("parley.itest.rmi.registry.port");
    private static final int RMI_SERVER_PORT = port("parley.itest.rmi.server.port");

    private ParleyContainer() {
    }

    /** The port in {@code property}, or a port free right now on 127.0.0.1 (then remembered there). */
    static int port(String property) {
        Integer given = Integer.getInteger(property);
        if (given != null) {
            return given;
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            System.setProperty(property, Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** target/container-logs/{test class}-{time}.log, named after the test class that boots the container. */
    private static String containerLog() {
        String testClass = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != ParleyContainer.class).findFirst())
                .map(Class::getSimpleName).orElse("container");
        File dir = new File("target/container-logs");
        dir.mkdirs();
        return new File(dir, testClass + "-" + System.currentTimeMillis() + ".log").getAbsolutePath();
    }

    static Option[] configuration(Option... extra) {
        String dist = System.getProperty("parley.dist");
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String log = containerLog();
        Option[] base = options(
                karafDistributionConfiguration()
                        .frameworkUrl("file:" + new File(dist).getAbsolutePath())
                        .name("Parley")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevelOption.LogLevel.WARN),
                // pax-exam deletes the container's folder afterwards: its log goes where a failed
                // run can still show it (run-all-tests.sh prints the errors of each)
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.fileName", log),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.filePattern", log + ".%i"),
                // what the features service installs and refreshes at boot, and why (a boot-time
                // refresh that restarts pax-exam's own bundles is the usual cause of a lost probe)
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.parleyfeatures.name",
                        "org.apache.karaf.features"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.parleyfeatures.level", "INFO"),
                // the appliance resolves nothing remotely; the test harness's own bundles come from Maven
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                // install the boot features before the framework reports started, so pax-exam's
                // probe never arrives in the middle of that install (and its refreshes)
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBootAsynchronous", "false"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP_PORT)),
                // no HTTPS connector: its keystore is made by bin/setenv, which pax-exam does not run (DistributionRestartIT tests it)
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.config.file",
                        new File("src/test/resources/jetty-plain-http.xml").getAbsolutePath()),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(SSH_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(RMI_REGISTRY_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(RMI_SERVER_PORT)),
                systemProperty("parley.itest.http.port").value(Integer.toString(HTTP_PORT)),
                systemProperty("parley.itest.ssh.port").value(Integer.toString(SSH_PORT)),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "port", Integer.toString(SIP_PORT)),
                systemProperty("parley.itest.sip.port").value(Integer.toString(SIP_PORT)),
                editConfigurationFilePut("etc/io.parley.sip.cfg", "tlsPort", Integer.toString(SIP_TLS_PORT)),
                systemProperty("parley.itest.sip.tls.port").value(Integer.toString(SIP_TLS_PORT)),
                // what phones and gateways are told (provisioning, channel views) matches where the test SIP listens
                editConfigurationFilePut("etc/io.parley.telephony.cfg", "sipUdpPort", Integer.toString(SIP_PORT)),
                editConfigurationFilePut("etc/io.parley.telephony.cfg", "sipTcpPort", Integer.toString(SIP_PORT)),
                editConfigurationFilePut("etc/io.parley.telephony.cfg", "sipTlsPort", Integer.toString(SIP_TLS_PORT)),
                // registrations as short as 2 s, so a test can watch one expire
                editConfigurationFilePut("etc/io.parley.sip.cfg", "minExpires", "2"),
                // SIPp scenarios, run from the probe as external processes
                systemProperty("parley.itest.sipp.dir").value(new File("src/test/resources/sipp").getAbsolutePath()),
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                // the probe waits for pax-exam's invoker while Karaf still installs the boot
                // features; on a loaded 2-core machine that takes longer than the 10 s default
                systemProperty("pax.exam.service.timeout").value("180000"),
                // and the container side waits for pax-exam's invoker when the probe arrives: 10 s by
                // default, which a load average of 10 (parallel builds) exceeds ("gave up waiting for
                // service org.ops4j.pax.exam.ProbeInvokerFactory", every test then failing after 180 s)
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("180000"),
                // and the invoker factory waits for pax-exam's Injector: 10 s by default, lost once at a
                // load average of 5 ("gave up waiting for service org.ops4j.pax.exam.util.Injector")
                systemProperty("org.ops4j.pax.exam.invoker.junit.internal.JUnitProbeInvokerFactory.DEFAULT_TIMEOUT")
                        .value("180000"),
                // by file, so the suite runs under `mvn verify` without installing anything to ~/.m2
                bundle("file:" + new File(System.getProperty("parley.sample.node.type")).getAbsolutePath()).noStart(),
                // the REST contract every Api answer is checked against, and the generated client
                bundle("file:" + new File(System.getProperty("parley.itest.contract")).getAbsolutePath()),
                vmOptions(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED"));
        Option[] all = new Option[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }
}
