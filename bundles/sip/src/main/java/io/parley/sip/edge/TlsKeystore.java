package io.parley.sip.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keystore of the TLS listening point (SPEC §32, issue 6). An operator may configure their
 * own ({@code tlsKeystore}, {@code tlsKeystorePassword}, {@code tlsKeystoreType} in
 * {@code etc/io.parley.sip.cfg}); otherwise a self-signed RSA certificate for the SIP domain is
 * generated at first start into {@code sip-tls.p12}, with a random password in
 * {@code sip-tls.password} beside it, both readable by the owner only, and reused afterwards.
 */
public final class TlsKeystore {

    private static final Logger LOG = LoggerFactory.getLogger(TlsKeystore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** A keystore file as JAIN-SIP reads it ({@code javax.net.ssl.keyStore*}). */
    public record Store(Path path, String password, String type) {
    }

    private TlsKeystore() {
    }

    /** The operator's keystore when configured, else the generated one in {@code dir} (created if missing). */
    public static Store of(String configuredPath, String configuredPassword, String configuredType, Path dir, String domain)
            throws IOException, GeneralSecurityException {
        if (configuredPath != null && !configuredPath.isBlank()) {
            Path p = Path.of(configuredPath.strip());
            if (!Files.isReadable(p)) {
                throw new IOException("tlsKeystore " + p + " is not a readable file");
            }
            Store s = new Store(p, configuredPassword == null ? "" : configuredPassword,
                    configuredType == null || configuredType.isBlank() ? "PKCS12" : configuredType.strip());
            load(s); // fail at activation, not at the first TLS handshake
            return s;
        }
        Path store = dir.resolve("sip-tls.p12");
        Path secret = dir.resolve("sip-tls.password");
        if (Files.isReadable(store) && Files.isReadable(secret)) {
            Store s = new Store(store, Files.readString(secret, StandardCharsets.US_ASCII).strip(), "PKCS12");
            load(s);
            return s;
        }
        return generate(store, secret, domain);
    }

    public static Store generate(Path store, Path secret, String domain) throws IOException, GeneralSecurityException {
        Files.createDirectories(store.getParent());
        SecureRandom random = new SecureRandom();
        byte[] pw = new byte[18];
        random.nextBytes(pw);
        String password = HexFormat.of().formatHex(pw);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        // RSA rather than EC: many desk phones' TLS stacks accept nothing else
        generator.initialize(2048, random);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate cert = selfSigned(pair, domain, random);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("parley-sip", pair.getPrivate(), password.toCharArray(), new X509Certificate[] {cert});
        writeOwnerOnly(secret, out -> out.write(password.getBytes(StandardCharsets.US_ASCII)));
        writeOwnerOnly(store, out -> {
            try {
                ks.store(out, password.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        });
        LOG.info("SIP TLS: generated a self-signed certificate for {} in {} (configure tlsKeystore to use your own)",
                domain, store);
        return new Store(store, password, "PKCS12");
    }

    private static X509Certificate selfSigned(KeyPair pair, String domain, SecureRandom random)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + domain.replaceAll("[,=+<>#;\"\\\\]", "") + ",O=Parley");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                pair.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(ipLiteral(domain) ? GeneralName.iPAddress : GeneralName.dNSName, domain)));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("could not build the self-signed certificate", e);
        }
    }

    /** A SIP domain given as an address goes into the certificate as an iPAddress name, which TLS clients match. */
    private static boolean ipLiteral(String domain) {
        return domain.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || domain.contains(":");
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Creates the file with mode 0600 from the start, so the secret is never readable by others. */
    private static void writeOwnerOnly(Path file, Writer writer) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.write(out);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The certificates the appliance trusts as a TLS client (a carrier over TLS): the operator's
     * {@code tlsTruststore}, else the JDK's CA certificates. Never "trust everything": without this
     * JAIN-SIP would trust only the appliance's own (self-signed) keystore, so no carrier's
     * certificate would verify.
     */
    public static Store trust(String configuredPath, String configuredPassword, String configuredType)
            throws IOException, GeneralSecurityException {
        Store s;
        if (configuredPath != null && !configuredPath.isBlank()) {
            Path p = Path.of(configuredPath.strip());
            if (!Files.isReadable(p)) {
                throw new IOException("tlsTruststore " + p + " is not a readable file");
            }
            s = new Store(p, configuredPassword == null ? "" : configuredPassword,
                    configuredType == null || configuredType.isBlank() ? "PKCS12" : configuredType.strip());
        } else {
            // the JDK's cacerts: JKS on Java 17, read by the PKCS12 type too (keystore.type.compat), password changeit
            s = new Store(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"), "changeit", "PKCS12");
        }
        KeyStore ks = load(s); // fail at activation, not at the first handshake
        if (ks.size() == 0) {
            throw new GeneralSecurityException("tlsTruststore " + s.path() + " holds no certificate");
        }
        return s;
    }

    public static KeyStore load(Store s) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(s.type());
        try (var in = Files.newInputStream(s.path())) {
            ks.load(in, s.password().toCharArray());
        }
        return ks;
    }
}
