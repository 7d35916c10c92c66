package io.aloft.datacatalog.grpc;

import datacatalog.DataCatalogGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * datacatalog.DataCatalog. Until the datacatalog issue lands every RPC answers UNIMPLEMENTED, which propeller
 * treats as "catalog unavailable" (a cache miss), never as UNKNOWN.
 */
@GrpcService
public class DataCatalogGrpcService extends DataCatalogGrpc.DataCatalogImplBase {}
