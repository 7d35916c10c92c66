package io.aloft.propeller.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Every request through the AWS SDK's S3 client and its whole request pipeline ({@code aloft.storage.transport=sdk}). */
public final class SdkS3Transport implements S3Transport {
  private final S3Client s3;

  public SdkS3Transport(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public Optional<byte[]> get(String bucket, String key) throws IOException {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new S3Failure(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (SdkException e) {
      throw new S3Failure(e.getMessage(), e);
    }
  }

  @Override
  public void put(String bucket, String key, byte[] bytes) throws IOException {
    try {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (SdkException e) {
      throw new S3Failure(e.getMessage(), e);
    }
  }

  @Override
  public boolean head(String bucket, String key) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new S3Failure(e.getMessage(), e);
    } catch (SdkException e) {
      throw new S3Failure(e.getMessage(), e);
    }
  }
}
