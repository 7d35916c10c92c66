package io.aloft.admin.manager;

import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionClosure;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.service.Dataproxy.ArtifactType;
import flyteidl.service.Dataproxy.CreateDownloadLinkRequest;
import flyteidl.service.Dataproxy.CreateDownloadLinkResponse;
import flyteidl.service.Dataproxy.CreateDownloadLocationRequest;
import flyteidl.service.Dataproxy.CreateDownloadLocationResponse;
import flyteidl.service.Dataproxy.PreSignedURLs;
import io.aloft.admin.entity.NodeExecutionEntity;
import io.aloft.admin.storage.BlobStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import flyteidl.service.Dataproxy.CreateUploadLocationRequest;
import flyteidl.service.Dataproxy.CreateUploadLocationResponse;
import io.aloft.admin.AdminException;
import io.aloft.admin.transformer.Protos;
import io.aloft.admin.validation.ExecutionIds;
import io.aloft.admin.validation.FlyteUrl;
import io.aloft.admin.validation.Validation;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataResponse;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetDataResponse;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionList;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.service.Dataproxy.GetDataRequest;
import flyteidl.service.Dataproxy.GetDataResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned uploads for fast registration and file inputs (flyteadmin/dataproxy/service.go): a PUT URL whose
 * signature covers the content MD5, so the stored object is exactly the one the client hashed.
 */
@ApplicationScoped
public class DataProxyManager {
  private static final Duration MAX_EXPIRES_IN = Duration.ofHours(1);
  private static final String MD5_METADATA = "flytecontentmd5";
  private static final char[] RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private final SecureRandom random = new SecureRandom();

  @Inject
  S3Client s3;

  @Inject
  S3Presigner presigner;

  @Inject
  jakarta.persistence.EntityManager em;

  @ConfigProperty(name = "aloft.storage.bucket")
  String bucket;

  @ConfigProperty(name = "aloft.admin.data-proxy.upload-prefix", defaultValue = "uploads")
  String uploadPrefix;

  /** A signed PUT URL for the object the request names; INVALID_ARGUMENT / ALREADY_EXISTS as FlyteAdmin answers. */
  public CreateUploadLocationResponse createUploadLocation(CreateUploadLocationRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.required(request.getDomain(), "domain");
    if (request.getContentMd5().size() != 16) {
      throw AdminException.invalid("content_md5 must be the 16 bytes of the content's MD5 digest (got "
          + request.getContentMd5().size() + " bytes)");
    }
    Duration expiresIn = expiresIn(request.hasExpiresIn(), request.getExpiresIn());
    byte[] md5 = request.getContentMd5().toByteArray();
    String md5Base64 = Base64.getEncoder().encodeToString(md5);
    String root = request.getFilenameRoot().isEmpty() ? base32(md5) : request.getFilenameRoot();
    String file = request.getFilename().isEmpty() ? randomName() : request.getFilename();
    String key = String.join("/", uploadPrefix, request.getProject(), request.getDomain(), root, file);

    if (!request.getFilenameRoot().isEmpty() && !request.getFilename().isEmpty()) {
      requireSameContentIfPresent(key, md5);
    }
    Map<String, String> metadata = request.getAddContentMd5Metadata() ? Map.of(MD5_METADATA, md5Base64) : Map.of();
    var presigned = presigner.presignPutObject(p -> p.signatureDuration(expiresIn)
        .putObjectRequest(o -> o.bucket(bucket).key(key).contentMD5(md5Base64).metadata(metadata)));
    CreateUploadLocationResponse.Builder response = CreateUploadLocationResponse.newBuilder()
        .setSignedUrl(presigned.url().toString())
        .setNativeUrl("s3://" + bucket + "/" + key)
        .setExpiresAt(Protos.timestamp(Instant.now().plus(expiresIn)));
    // Every signed header the client must send back; flytekit adds exactly these to its PUT.
    presigned.signedHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        response.putHeaders(name, String.join(",", values));
      }
    });
    return response.build();
  }

  /**
   * CreateDownloadLink: a signed GET URL for an artifact of a finished node execution (today its deck), as
   * FlyteAdmin's {@code CreateDownloadLink}: NOT_FOUND for an unknown node execution or one without that artifact,
   * FAILED_PRECONDITION while the node is still running.
   */
  public CreateDownloadLinkResponse createDownloadLink(CreateDownloadLinkRequest request) {
    Duration expiresIn = expiresIn(request.hasExpiresIn(), request.getExpiresIn());
    if (request.getArtifactType() != ArtifactType.ARTIFACT_TYPE_DECK) {
      throw AdminException.invalid("unsupported artifact_type [" + request.getArtifactType() + "]");
    }
    if (!request.hasNodeExecutionId()) {
      throw AdminException.invalid("missing node_execution_id");
    }
    NodeExecutionIdentifier id = request.getNodeExecutionId();
    Validation.required(id.getNodeId(), "node_execution_id.node_id");
    Validation.required(id.getExecutionId().getName(), "node_execution_id.execution_id.name");
    NodeExecutionClosure closure = QuarkusTransaction.requiringNew().call(() -> {
      NodeExecutionEntity row = NodeExecutionEntity.find(em, id);
      if (row == null) {
        throw AdminException.notFound("node execution " + id.getNodeId() + " of execution "
            + id.getExecutionId().getName() + " not found");
      }
      try {
        return NodeExecutionClosure.parseFrom(row.closure);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt closure of node execution " + row.id, e);
      }
    });
    if (!TERMINAL_NODE_PHASES.contains(closure.getPhase())) {
      throw new AdminException(io.grpc.Status.Code.FAILED_PRECONDITION, "node execution " + id.getNodeId()
          + " is not in a terminal phase (" + closure.getPhase() + ")");
    }
    if (closure.getDeckUri().isEmpty()) {
      throw AdminException.notFound("node execution " + id.getNodeId() + " has no deck");
    }
    String url = presignGet(closure.getDeckUri(), expiresIn);
    var expiresAt = Protos.timestamp(Instant.now().plus(expiresIn));
    return CreateDownloadLinkResponse.newBuilder().addSignedUrl(url).setExpiresAt(expiresAt)
        .setPreSignedUrls(PreSignedURLs.newBuilder().addSignedUrl(url).setExpiresAt(expiresAt)).build();
  }

  /** CreateDownloadLocation (deprecated in flyteidl, still served): a signed GET URL for {@code native_url}. */
  public CreateDownloadLocationResponse createDownloadLocation(CreateDownloadLocationRequest request) {
    Validation.required(request.getNativeUrl(), "native_url");
    Duration expiresIn = expiresIn(request.hasExpiresIn(), request.getExpiresIn());
    return CreateDownloadLocationResponse.newBuilder().setSignedUrl(presignGet(request.getNativeUrl(), expiresIn))
        .setExpiresAt(Protos.timestamp(Instant.now().plus(expiresIn))).build();
  }

  private static Duration expiresIn(boolean given, com.google.protobuf.Duration d) {
    if (given && !com.google.protobuf.util.Durations.isValid(d)) {
      throw AdminException.invalid("invalid expires_in: not a valid duration (seconds " + d.getSeconds()
          + ", nanos " + d.getNanos() + ")");
    }
    Duration expiresIn = given ? Duration.ofSeconds(d.getSeconds(), d.getNanos()) : MAX_EXPIRES_IN;
    if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_EXPIRES_IN) > 0) {
      throw AdminException.invalid("expires_in must be between 0 and " + MAX_EXPIRES_IN.toMinutes() + " minutes");
    }
    return expiresIn;
  }

  private String presignGet(String nativeUrl, Duration expiresIn) {
    BlobStore.Location at = BlobStore.Location.parse(nativeUrl).orElseThrow(() -> AdminException.invalid(
        "unsupported url [" + nativeUrl + "]: only s3://bucket/key can be signed"));
    return presigner.presignGetObject(p -> p.signatureDuration(expiresIn)
        .getObjectRequest(o -> o.bucket(at.bucket()).key(at.key()))).url().toString();
  }


  private static final java.util.Set<NodeExecution.Phase> TERMINAL_NODE_PHASES = java.util.EnumSet.of(
      NodeExecution.Phase.SUCCEEDED, NodeExecution.Phase.FAILED, NodeExecution.Phase.TIMED_OUT,
      NodeExecution.Phase.ABORTED, NodeExecution.Phase.SKIPPED, NodeExecution.Phase.RECOVERED);

  private void requireSameContentIfPresent(String key, byte[] md5) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(h -> h.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      return;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return;
      }
      throw e;
    }
    String stored = head.metadata().get(MD5_METADATA);
    boolean same = stored != null ? stored.equals(Base64.getEncoder().encodeToString(md5))
        : head.eTag() != null && head.eTag().replace("\"", "").equalsIgnoreCase(HexFormat.of().formatHex(md5));
    if (!same) {
      throw AdminException.alreadyExists("an object with different content already exists at " + key);
    }
  }

  /** RFC 4648 base32 without padding, as FlyteAdmin names an upload by its hash. */
  static String base32(byte[] bytes) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private String randomName() {
    char[] c = new char[20];
    for (int i = 0; i < c.length; i++) {
      c[i] = RANDOM_ALPHABET[random.nextInt(RANDOM_ALPHABET.length)];
    }
    return new String(c);
  }


  @Inject
  NodeExecutionManager nodeExecutions;

  @Inject
  TaskExecutionManager taskExecutions;

  /**
   * GetData: the data a {@code flyte://} reference names (flyteadmin/dataproxy/service.go GetData). Inputs or outputs
   * of a node execution, or of one task attempt when the reference has an attempt, as the literal map (or the one
   * literal named); a node's deck as a presigned link. INVALID_ARGUMENT for a malformed reference, a deck of an
   * attempt, or a literal name the map lacks; NOT_FOUND for an unknown execution, node or attempt (FlyteAdmin says
   * INVALID_ARGUMENT for an unknown attempt).
   */
  public GetDataResponse getData(GetDataRequest request) {
    FlyteUrl url = FlyteUrl.parse(request.getFlyteUrl(), "flyte_url");
    LiteralMap map;
    String where;
    if (url.attempt().isEmpty()) {
      if (url.io() == 'd') {
        CreateDownloadLinkResponse link = createDownloadLink(CreateDownloadLinkRequest.newBuilder()
            .setArtifactType(ArtifactType.ARTIFACT_TYPE_DECK).setNodeExecutionId(url.node()).build());
        return GetDataResponse.newBuilder().setPreSignedUrls(link.getPreSignedUrls()).build();
      }
      NodeExecutionGetDataResponse data = nodeExecutions.getData(true, url.node());
      map = url.io() == 'i' ? data.getFullInputs() : data.getFullOutputs();
      where = "node execution " + ExecutionIds.display(url.node());
    } else {
      if (url.io() == 'd') {
        throw AdminException.invalid("invalid flyte_url [" + request.getFlyteUrl() + "]: a deck belongs to the"
            + " node, not to a task attempt; leave out the attempt");
      }
      int attempt = url.attempt().getAsInt();
      TaskExecutionList attempts = taskExecutions.list(TaskExecutionListRequest.newBuilder()
          .setNodeExecutionId(url.node()).setLimit(1)
          .setFilters("eq(retry_attempt," + Integer.toUnsignedString(attempt) + ")").build());
      if (attempts.getTaskExecutionsCount() == 0) {
        throw AdminException.notFound("no task execution attempt " + Integer.toUnsignedString(attempt)
            + " of node execution " + ExecutionIds.display(url.node()));
      }
      TaskExecutionIdentifier id = attempts.getTaskExecutions(0).getId();
      TaskExecutionGetDataResponse data = taskExecutions.getData(true, id);
      map = url.io() == 'i' ? data.getFullInputs() : data.getFullOutputs();
      where = "task execution " + ExecutionIds.display(id);
    }
    if (url.literalName().isEmpty()) {
      return GetDataResponse.newBuilder().setLiteralMap(map).build();
    }
    Literal literal = map.getLiteralsMap().get(url.literalName());
    if (literal == null) {
      throw AdminException.invalid("name [" + url.literalName() + "] not found in " + where);
    }
    return GetDataResponse.newBuilder().setLiteral(literal).build();
  }
}
