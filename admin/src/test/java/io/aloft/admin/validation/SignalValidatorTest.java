package io.aloft.admin.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.UnionType;
import io.aloft.admin.AdminException;
import io.grpc.Status;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Signal identifiers and value types (signal_validator.go). */
class SignalValidatorTest {
  private static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();
  private static final LiteralType STR = LiteralType.newBuilder().setSimple(SimpleType.STRING).build();
  private static final LiteralType BOOL = LiteralType.newBuilder().setSimple(SimpleType.BOOLEAN).build();

  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  private static Literal bool(boolean v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setBoolean(v)))
        .build();
  }

  private static void assertInvalid(ThrowingCallable call, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AdminException.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getMessage()).contains(text);
    });
  }

  @Test
  void valuesOfTheSignalsTypeAreAccepted() {
    assertThatCode(() -> SignalValidator.castable(INT, integer(3), "s")).doesNotThrowAnyException();
    assertThatCode(() -> SignalValidator.castable(BOOL, bool(true), "s")).doesNotThrowAnyException();
  }

  @Test
  void valuesBindAsTheyWouldToAnInput() {
    LiteralType union = LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addVariants(INT)
        .addVariants(STR)).build();
    assertThatCode(() -> SignalValidator.castable(union, integer(1), "s")).doesNotThrowAnyException();
    LiteralType listOfInt = LiteralType.newBuilder().setCollectionType(INT).build();
    Literal empty = Literal.newBuilder().setCollection(LiteralCollection.getDefaultInstance()).build();
    assertThatCode(() -> SignalValidator.castable(listOfInt, empty, "s")).doesNotThrowAnyException();
  }

  @Test
  void otherTypesAreInvalidArgumentNamingBothTypes() {
    assertInvalid(() -> SignalValidator.castable(BOOL, integer(3), "[p:d:e/approve]"), "[p:d:e/approve]");
    assertInvalid(() -> SignalValidator.castable(BOOL, integer(3), "s"), "not castable");
    assertInvalid(() -> SignalValidator.castable(STR, bool(false), "s"), "s");
  }

  @Test
  void valuesWithoutAnInferableTypeAreInvalidArgument() {
    Literal blob = Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri("s3://b/k")))
        .build();
    assertInvalid(() -> SignalValidator.castable(INT, blob, "s"), "inferred");
    assertInvalid(() -> SignalValidator.castable(INT, Literal.getDefaultInstance(), "s"), "inferred");
  }

  @Test
  void identifiersNameTheMissingField() {
    SignalIdentifier full = SignalIdentifier.newBuilder().setSignalId("approve").setExecutionId(
        WorkflowExecutionIdentifier.newBuilder().setProject("p").setDomain("d").setName("e")).build();
    assertThatCode(() -> SignalValidator.identifier(true, full)).doesNotThrowAnyException();
    assertInvalid(() -> SignalValidator.identifier(false, SignalIdentifier.getDefaultInstance()), "missing id");
    assertInvalid(() -> SignalValidator.identifier(true, full.toBuilder().clearExecutionId().build()),
        "id.execution_id");
    assertInvalid(() -> SignalValidator.identifier(true, full.toBuilder().clearSignalId().build()), "id.signal_id");
    assertInvalid(() -> SignalValidator.identifier(true, full.toBuilder().setExecutionId(
        full.getExecutionId().toBuilder().clearName()).build()), "id.execution_id.name");
    assertInvalid(() -> SignalValidator.type(true, LiteralType.getDefaultInstance()), "type");
    assertInvalid(() -> SignalValidator.type(false, INT), "missing type");
  }
}
