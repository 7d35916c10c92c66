package io.aloft.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API (s3proxy) on 127.0.0.1: path-style addressing, AWS signature v2/v4 (so presigned URLs work),
 * objects kept in memory or, with a data directory, on disk across restarts.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  public static final String DEFAULT_ACCESS_KEY = "aloft";
  public static final String DEFAULT_SECRET_KEY = "aloft-secret-key";
  public static final String REGION = "us-east-1";

  private volatile S3Proxy proxy;
  private final BlobStore blobStore;
  private final String accessKey;
  private final String secretKey;
  private final String host;

  private EmbeddedS3Server(S3Proxy proxy, BlobStore blobStore, String accessKey, String secretKey, String host) {
    this.host = host;
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts an in-memory server with the default credentials on a free port. */
  public static EmbeddedS3Server start() {
    return start(null, 0, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
  }

  /**
   * Starts a server.
   *
   * @param dataDir where buckets live on disk, or null for memory only
   * @param port the port on 127.0.0.1, or 0 for a free one
   */
  public static EmbeddedS3Server start(Path dataDir, int port, String accessKey, String secretKey) {
    return start(dataDir, "127.0.0.1", port, accessKey, secretKey);
  }

  /**
   * Starts a server on {@code host}, e.g. a cluster's node address so that its pods reach it as their "external"
   * object store; clients (and presigned URLs) then use that address.
   */
  public static EmbeddedS3Server start(Path dataDir, String host, int port, String accessKey, String secretKey) {
    BlobStore store;
    if (dataDir == null) {
      store = new TransientNio2BlobStore();
    } else {
      try {
        store = new FilesystemNio2BlobStore(Files.createDirectories(dataDir).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new EmbeddedS3Server(serve(store, host, port, accessKey, secretKey), store, accessKey, secretKey, host);
  }

  private static S3Proxy serve(BlobStore store, String host, int port, String accessKey, String secretKey) {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://" + host + ":" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .build();
    try {
      proxy.start();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!"STARTED".equals(proxy.getState())) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("s3proxy did not start: state " + proxy.getState());
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy failed to start", e);
    }
    return proxy;
  }

  /**
   * Makes the server unreachable for {@code outage} (its port refuses connections, requests in flight are cut), then
   * serves the same objects on the same port again: an object store outage as its clients see it.
   */
  public synchronized void outage(Duration outage) throws InterruptedException {
    int port = port();
    close();
    Thread.sleep(outage.toMillis());
    proxy = serve(blobStore, host, port, accessKey, secretKey);
  }

  /** The endpoint clients use with path-style access, e.g. {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    return URI.create("http://" + host + ":" + proxy.getPort());
  }

  public int port() {
    return proxy.getPort();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** Creates the bucket unless it exists. */
  public void createBucket(String bucket) {
    if (!blobStore.containerExists(bucket)) {
      blobStore.createContainer(bucket);
    }
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // stopping a server that failed is not worth failing a test run for
    }
  }
}
