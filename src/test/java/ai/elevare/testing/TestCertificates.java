package ai.elevare.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificate authorities and node certificates made at test time with the JDK's keytool, written
 * as the PEM files the cluster's TLS reads (tls.key, tls.crt, ca.crt in one directory).
 */
public final class TestCertificates {
  private static final String PASS = "test-only";

  private final Path dir;

  public TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA named {@code name}; its keystore stays in the working directory. */
  public void ca(String name) throws Exception {
    keytool("-genkeypair", "-keystore", store(name), "-storetype", "PKCS12", "-storepass", PASS,
        "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
        "-ext", "bc:c", "-validity", "2");
    keytool("-exportcert", "-rfc", "-keystore", store(name), "-storepass", PASS, "-alias", "ca",
        "-file", dir.resolve(name + ".crt").toString());
  }

  /**
   * A node key and a certificate signed by CA {@code ca}, with subject name {@code subject} (the
   * cluster's nodes must share one), written to {@code <dir>/<node>/} with the CA's certificate.
   */
  public Path node(String node, String ca, String subject) throws Exception {
    Path out = Files.createDirectories(dir.resolve(node));
    keytool("-genkeypair", "-keystore", store(node), "-storetype", "PKCS12", "-storepass", PASS,
        "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + subject, "-validity", "2");
    Path csr = dir.resolve(node + ".csr");
    keytool("-certreq", "-keystore", store(node), "-storepass", PASS, "-alias", "node", "-file", csr.toString());
    keytool("-gencert", "-rfc", "-keystore", store(ca), "-storepass", PASS, "-alias", "ca",
        "-infile", csr.toString(), "-outfile", out.resolve("tls.crt").toString(), "-validity", "2",
        "-ext", "SAN=dns:" + subject, "-ext", "KU=digitalSignature,keyEncipherment",
        "-ext", "EKU=serverAuth,clientAuth");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(store(node)))) {
      ks.load(in, PASS.toCharArray());
    }
    PrivateKey key = (PrivateKey) ks.getKey("node", PASS.toCharArray());
    // unencrypted PKCS#8, as RotatingKeysSSLEngineProvider reads it
    Files.writeString(out.resolve("tls.key"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    Files.copy(dir.resolve(ca + ".crt"), out.resolve("ca.crt"));
    return out;
  }

  private String store(String name) {
    return dir.resolve(name + ".p12").toString();
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // a short-lived JVM: no optimizing compiler, smallest collector
    cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }
}
