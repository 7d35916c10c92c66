package io.aloft.admin.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.Common.UrlBlob;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.admin.AdminException;
import io.aloft.admin.config.RemoteDataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Literal data of executions in the blob store: offloading maps received inline in events
 * (flyteadmin/pkg/common/data_store.go OffloadLiteralMap) and reading them back for the Get*Data RPCs, inline when
 * small enough (flyteadmin/pkg/manager/impl/util/data.go GetInputs/GetOutputs).
 */
@ApplicationScoped
public class RemoteData {
  private static final Logger LOG = Logger.getLogger(RemoteData.class);

  @Inject
  BlobStore blobs;

  @Inject
  S3Client s3;

  @Inject
  RemoteDataConfig config;

  /**
   * A literal map at a reference, for a Get*Data response.
   *
   * @param blob the reference and its size ({@code url} empty when there is no reference)
   * @param full the map itself when it is small enough and could be read, else empty
   */
  public record Data(UrlBlob blob, LiteralMap full) {
    /** No data. */
    public static final Data NONE = new Data(UrlBlob.getDefaultInstance(), LiteralMap.getDefaultInstance());
  }

  /** Writes {@code data} under {@code metadata/<parts...>} and returns its reference. */
  public String offload(LiteralMap data, String... parts) {
    return blobs.put("metadata/" + String.join("/", parts), data.toByteArray());
  }

  /**
   * The literal map at {@code uri}: its URL and size, and the map inline if it is smaller than
   * {@code remote-data.max-size-in-bytes}. As in FlyteAdmin a blob that cannot be read does not fail the request:
   * the caller gets the URL alone (and clients read the blob themselves).
   */
  public Data read(String uri) {
    if (uri == null || uri.isEmpty()) {
      return Data.NONE;
    }
    UrlBlob.Builder blob = UrlBlob.newBuilder().setUrl(uri);
    var at = BlobStore.Location.parse(uri);
    if (at.isEmpty()) {
      return new Data(blob.build(), LiteralMap.getDefaultInstance());
    }
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(at.get().bucket()).key(at.get().key()));
      long size = head.contentLength();
      blob.setBytes(size);
      if (size >= config.maxSizeInBytes()) {
        return new Data(blob.build(), LiteralMap.getDefaultInstance());
      }
      return new Data(blob.build(), LiteralMap.parseFrom(blobs.get(uri)));
    } catch (SdkException | AdminException | InvalidProtocolBufferException e) {
      LOG.warnf("cannot read literal map at %s: %s", uri, e.getMessage());
      return new Data(blob.build(), LiteralMap.getDefaultInstance());
    }
  }

  /** Inline output data from a closure: itself when smaller than the limit (FlyteAdmin's GetOutputs), else none. */
  public Data inline(LiteralMap data) {
    LiteralMap full = data.getSerializedSize() < config.maxSizeInBytes() ? data : LiteralMap.getDefaultInstance();
    return new Data(UrlBlob.getDefaultInstance(), full);
  }

  /** Throws RESOURCE_EXHAUSTED if event output data exceeds the limit (FlyteAdmin's ValidateOutputData). */
  public void checkOutputSize(LiteralMap outputData) {
    long size = outputData.getSerializedSize();
    if (size > config.maxSizeInBytes()) {
      throw new AdminException(io.grpc.Status.Code.RESOURCE_EXHAUSTED, "Output data size exceeds platform"
          + " configured threshold (" + size + " > " + config.maxSizeInBytes() + ")");
    }
  }

  /** Whether inline event output data is offloaded (the default) rather than kept in the closure. */
  public boolean offloadsEventData() {
    return config.inlineEventDataPolicy() == RemoteDataConfig.InlineEventDataPolicy.OFFLOAD;
  }
}
