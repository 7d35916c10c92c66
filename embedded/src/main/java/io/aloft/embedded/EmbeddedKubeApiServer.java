package io.aloft.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real kube-apiserver backed by a real etcd, both bound to 127.0.0.1, started from the pinned binaries in
 * {@link KubeBinaries}. This is the control plane our controller tests and the local stack run against: real
 * validation, resourceVersions, optimistic concurrency (409 Conflict), watches and status subresources.
 *
 * <p>There is no kubelet, scheduler or controller-manager: pods never run by themselves (a test pod controller or
 * the sandbox's pod runner moves them), namespaces are never finalized, owner references are not garbage
 * collected, and no service-account tokens are minted (the ServiceAccount admission plugin is off).
 *
 * <p>Clients authenticate with a bearer token (group {@code system:masters}) and verify the server's
 * self-signed certificate, which kube-apiserver generates in the work directory on first start.
 */
public final class EmbeddedKubeApiServer implements AutoCloseable {
  /** Service ClusterIPs are allocated from here; the {@code kubernetes} Service gets the first, 10.96.0.1. */
  public static final String SERVICE_CIDR = "10.96.0.0/24";
  private static final String TOKEN_USER = "aloft-admin";

  private final KubeBinaries binaries;
  private final Path workDir;
  private final boolean deleteOnClose;
  private final Duration startupTimeout;
  private final List<String> extraFlags;
  private final String address;
  private final boolean serviceAccountAdmission;
  private LocalProcess etcd;
  private volatile LocalProcess apiServer;
  private List<String> apiServerCommand;
  private int apiServerPort;
  private String token;
  private SSLContext sslContext;

  private EmbeddedKubeApiServer(Builder b) {
    this.binaries = b.binaries != null ? b.binaries : KubeBinaries.locate();
    this.deleteOnClose = b.workDir == null;
    try {
      this.workDir = b.workDir != null ? Files.createDirectories(b.workDir) : Files.createTempDirectory("aloft-kube-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.startupTimeout = b.startupTimeout;
    this.extraFlags = List.copyOf(b.extraFlags);
    this.address = b.address;
    this.serviceAccountAdmission = b.serviceAccountAdmission;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts etcd then kube-apiserver and waits until the API serves the default namespace. */
  public EmbeddedKubeApiServer start() {
    binaries.requirePresent();
    Instant deadline = Instant.now().plus(startupTimeout);
    try {
      Path pki = Files.createDirectories(workDir.resolve("pki"));
      Properties ports = ports();
      int etcdPort = Integer.parseInt(ports.getProperty("etcd.client"));
      int etcdPeerPort = Integer.parseInt(ports.getProperty("etcd.peer"));
      apiServerPort = Integer.parseInt(ports.getProperty("apiserver"));
      token = tokenFile(pki.resolve("tokens.csv"));
      Path saKey = serviceAccountKey(pki.resolve("sa.key"));

      String peer = "http://127.0.0.1:" + etcdPeerPort;
      String client = "http://127.0.0.1:" + etcdPort;
      etcd = LocalProcess.start("etcd", List.of(binaries.etcd().toString(),
          "--name=aloft",
          "--data-dir=" + workDir.resolve("etcd"),
          "--listen-client-urls=" + client,
          "--advertise-client-urls=" + client,
          "--listen-peer-urls=" + peer,
          "--initial-advertise-peer-urls=" + peer,
          "--initial-cluster=aloft=" + peer,
          "--log-level=warn"), workDir.resolve("logs/etcd.log"));
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      etcd.awaitReady("etcd", deadline, () -> LocalProcess.httpOk(plain, URI.create(client + "/health"), null));

      List<String> cmd = new ArrayList<>(List.of(binaries.apiServer().toString(),
          "--bind-address=" + address,
          "--advertise-address=" + address,
          "--secure-port=" + apiServerPort,
          "--etcd-servers=" + client,
          "--cert-dir=" + pki,
          "--token-auth-file=" + pki.resolve("tokens.csv"),
          "--authorization-mode=RBAC",
          "--service-account-issuer=https://kubernetes.default.svc",
          "--service-account-key-file=" + saKey,
          "--service-account-signing-key-file=" + saKey,
          "--service-cluster-ip-range=" + SERVICE_CIDR,
          "--allow-privileged=true",
          "--profiling=false"));
      if (!serviceAccountAdmission) {
        cmd.add("--disable-admission-plugins=ServiceAccount");
      }
      cmd.addAll(extraFlags);
      apiServerCommand = List.copyOf(cmd);
      startApiServer(deadline);
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startApiServer(Instant deadline) throws IOException {
    apiServer = LocalProcess.start("kube-apiserver", apiServerCommand, workDir.resolve("logs/kube-apiserver.log"));
    Path cert = workDir.resolve("pki/apiserver.crt");
    apiServer.awaitReady("kube-apiserver serving certificate", deadline, () -> Files.size(cert) > 0);
    sslContext = trusting(Files.readAllBytes(cert));
    HttpClient https = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(2)).build();
    apiServer.awaitReady("kube-apiserver /readyz", deadline, () -> LocalProcess.httpOk(https, uri("/readyz"), token));
    apiServer.awaitReady("the default namespace", deadline,
        () -> LocalProcess.httpOk(https, uri("/api/v1/namespaces/default"), token));
  }

  /**
   * Kills kube-apiserver (SIGKILL: watches and requests in flight are cut) and starts it again on the same port,
   * certificate and etcd, then waits until it serves: an API server restart as controllers see it.
   */
  public synchronized void restartApiServer() {
    apiServer.kill();
    try {
      startApiServer(Instant.now().plus(startupTimeout));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API server's base URL, e.g. {@code https://127.0.0.1:41234}. */
  public String url() {
    return "https://" + address + ":" + apiServerPort;
  }

  /** The address the API server binds and advertises (the {@code kubernetes} Service's endpoint). */
  public String address() {
    return address;
  }

  /** A bearer token of a cluster administrator (group system:masters). */
  public String token() {
    return token;
  }

  /** PEM of the self-signed certificate chain the server presents; trust it as the cluster CA. */
  public String caCertificatePem() {
    try {
      return Files.readString(workDir.resolve("pki/apiserver.crt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An SSLContext that trusts this server's certificate. */
  public SSLContext sslContext() {
    return sslContext;
  }

  public Path workDir() {
    return workDir;
  }

  public KubeBinaries binaries() {
    return binaries;
  }

  /** A kubeconfig (for kubectl, fabric8 or client-go) with this server as the current context. */
  public String kubeconfigYaml() {
    String ca = Base64.getEncoder().encodeToString(caCertificatePem().getBytes(StandardCharsets.UTF_8));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: aloft-local
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: aloft-admin
          user:
            token: %s
        contexts:
        - name: aloft-local
          context:
            cluster: aloft-local
            user: aloft-admin
            namespace: default
        current-context: aloft-local
        """.formatted(url(), ca, token);
  }

  /** Writes {@link #kubeconfigYaml()} to {@code file} and returns it. */
  public Path writeKubeconfig(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeconfigYaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (apiServer != null) {
      apiServer.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    if (deleteOnClose) {
      deleteRecursively(workDir);
    }
  }

  // A persistent work dir keeps its ports, so etcd's stored peer URL stays valid across restarts.
  private Properties ports() throws IOException {
    Path file = workDir.resolve("ports.properties");
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newInputStream(file)) {
        p.load(in);
      }
      return p;
    }
    p.setProperty("etcd.client", Integer.toString(LocalProcess.freePort()));
    p.setProperty("etcd.peer", Integer.toString(LocalProcess.freePort()));
    p.setProperty("apiserver", Integer.toString(LocalProcess.freePort()));
    try (var out = Files.newOutputStream(file)) {
      p.store(out, "ports chosen at first start");
    }
    return p;
  }

  private static String tokenFile(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).split(",", 2)[0];
    }
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String t = HexFormat.of().formatHex(raw);
    Files.writeString(file, t + "," + TOKEN_USER + "," + TOKEN_USER + ",\"system:masters\"\n");
    return t;
  }

  // kube-apiserver signs service-account tokens with this key; PKCS#8 PEM is one of the formats it reads.
  private static Path serviceAccountKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(gen.generateKeyPair().getPrivate().getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return file;
  }

  private static SSLContext trusting(byte[] pem) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
        ks.setCertificateEntry("c" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the API server certificate", e);
    }
  }

  private URI uri(String path) {
    return URI.create(url() + path);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir left behind is harmless
    }
  }

  /** Options for {@link EmbeddedKubeApiServer}. */
  public static final class Builder {
    private KubeBinaries binaries;
    private Path workDir;
    private Duration startupTimeout = Duration.ofSeconds(90);
    private final List<String> extraFlags = new ArrayList<>();
    private String address = "127.0.0.1";
    private boolean serviceAccountAdmission;

    /** Binaries to run; default {@link KubeBinaries#locate()}. */
    public Builder binaries(KubeBinaries binaries) {
      this.binaries = binaries;
      return this;
    }

    /** Keep certificates, ports and etcd data here across restarts; default a temp dir deleted on close. */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** An extra kube-apiserver flag, e.g. {@code --max-requests-inflight=50}. */
    public Builder apiServerFlag(String flag) {
      this.extraFlags.add(flag);
      return this;
    }

    /**
     * The address to bind and advertise; default 127.0.0.1. A cluster whose pods reach the API server (through the
     * {@code kubernetes} Service) needs an address the pods can route to, e.g. the node bridge's.
     */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /**
     * Turns the ServiceAccount admission plugin on (default off): pods then get their service account's projected
     * token, which a kubelet requests from the API server. Without a kubelet nothing would mount it.
     */
    public Builder serviceAccountAdmission(boolean on) {
      this.serviceAccountAdmission = on;
      return this;
    }

    public EmbeddedKubeApiServer start() {
      return new EmbeddedKubeApiServer(this).start();
    }
  }
}
