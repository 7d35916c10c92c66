package io.aloft.testkit.badinput;

import com.google.protobuf.Descriptors;
import io.grpc.BindableService;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The protobuf descriptors of the gRPC services an application registers. */
public final class GrpcServices {
  private GrpcServices() {}

  /** Every protobuf-described service among {@code services} (the application's beans), by name. */
  public static List<Descriptors.ServiceDescriptor> of(Iterable<? extends BindableService> services) {
    List<Descriptors.ServiceDescriptor> out = new ArrayList<>();
    for (BindableService service : services) {
      Object schema = service.bindService().getServiceDescriptor().getSchemaDescriptor();
      if (schema instanceof ProtoServiceDescriptorSupplier supplier) {
        out.add(supplier.getServiceDescriptor());
      }
    }
    out.sort(Comparator.comparing(Descriptors.ServiceDescriptor::getFullName));
    return out;
  }
}
