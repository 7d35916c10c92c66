// Entry point for Flyte v1's own flytepropeller (v1.13.0), built by build.sh for benchmarks that run it side by side
// with Aloft's propeller. Aloft never links or ships this; see build.sh.
//
// All controller, node, task and plugin code is Flyte's (flytepropeller, flyteplugins, flytestdlib from the Go
// module proxy). Only this main is ours: flytepropeller's cmd/controller does not compile against flytestdlib
// v1.11.0 (the newest the proxy serves before v1.15), because its cmd/root.go calls
// otelutils.RegisterTracerProviderWithContext (flytestdlib v1.13+). run below makes the same exported calls as
// root.go's executeRootCmd, in the same order, with the v1.11 name RegisterTracerProvider; it drops cobra and the
// webhook/init-certs subcommands. Like root.go's initConfig, it reads the config non-strictly (unknown keys are
// ignored).
//
// Usage: flytepropeller --config <file.yaml> [--<section.key>=<value> ...]
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/metrics"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/flyteorg/flyte/flytepropeller/pkg/controller"
	propellercfg "github.com/flyteorg/flyte/flytepropeller/pkg/controller/config"
	"github.com/flyteorg/flyte/flytepropeller/pkg/controller/executors"
	"github.com/flyteorg/flyte/flytepropeller/pkg/signals"
	_ "github.com/flyteorg/flyte/flytepropeller/plugins" // registers Flyte's task plugins, like cmd/controller/main.go
	"github.com/flyteorg/flyte/flytestdlib/config"
	"github.com/flyteorg/flyte/flytestdlib/config/viper"
	"github.com/flyteorg/flyte/flytestdlib/contextutils"
	"github.com/flyteorg/flyte/flytestdlib/logger"
	"github.com/flyteorg/flyte/flytestdlib/otelutils"
	"github.com/flyteorg/flyte/flytestdlib/profutils"
	"github.com/flyteorg/flyte/flytestdlib/promutils"
	"github.com/flyteorg/flyte/flytestdlib/promutils/labeled"
	"github.com/flyteorg/flyte/flytestdlib/version"
)

const defaultNamespace = "all" // root.go's defaultNamespace

func main() {
	// Flags as root.go: --config plus one flag per config key; the config file is read like root.go's initConfig.
	cfgFile := pflag.String("config", "", "config file (YAML)")
	viper.NewAccessor(config.Options{}).InitializePflags(pflag.CommandLine)
	pflag.Parse()
	if *cfgFile == "" {
		fmt.Fprintln(os.Stderr, "usage: flytepropeller --config <file.yaml> [--<section.key>=<value> ...]")
		os.Exit(2)
	}
	accessor := viper.NewAccessor(config.Options{StrictMode: false, SearchPaths: []string{*cfgFile}})
	accessor.InitializePflags(pflag.CommandLine)
	ctx := context.Background()
	if err := accessor.UpdateConfig(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "cannot load config %s: %v\n", *cfgFile, err)
		os.Exit(1)
	}
	version.LogBuildInformation("flytepropeller")
	logger.Infof(ctx, "Detected: %d CPU's", runtime.NumCPU())
	if err := run(ctx, propellercfg.GetConfig()); err != nil {
		logger.Error(ctx, err)
		os.Exit(1)
	}
}

// run is root.go's executeRootCmd with RegisterTracerProvider in place of RegisterTracerProviderWithContext.
func run(baseCtx context.Context, cfg *propellercfg.Config) error {
	ctx := signals.SetupSignalHandler(baseCtx)

	if keys := contextutils.MetricKeysFromStrings(cfg.MetricKeys); len(keys) > 0 {
		labeled.SetMetricKeys(keys...)
	}
	for _, service := range []string{otelutils.AdminClientTracer, otelutils.BlobstoreClientTracer,
		otelutils.DataCatalogClientTracer, otelutils.FlytePropellerTracer, otelutils.K8sClientTracer} {
		if err := otelutils.RegisterTracerProvider(service, otelutils.GetConfig()); err != nil {
			return fmt.Errorf("failed to create otel tracer provider: %w", err)
		}
	}

	propellerScope := promutils.NewScope(cfg.MetricsPrefix).NewSubScope("propeller").NewSubScope(cfg.LimitNamespace)
	var namespaces map[string]cache.Config
	if cfg.LimitNamespace != defaultNamespace {
		namespaces = map[string]cache.Config{cfg.LimitNamespace: {}}
	}
	options := manager.Options{
		Cache:     cache.Options{SyncPeriod: &cfg.DownstreamEval.Duration, DefaultNamespaces: namespaces},
		NewCache:  executors.NewCache,
		NewClient: executors.BuildNewClientFunc(propellerScope),
		Metrics:   metricsserver.Options{BindAddress: "0"}, // controller-runtime's own server off, as in root.go
	}
	mgr, err := controller.CreateControllerManager(ctx, cfg, options)
	if err != nil {
		return fmt.Errorf("failed to create controller manager: %w", err)
	}

	handlers := map[string]http.Handler{
		"/k8smetrics": promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{ErrorHandling: promhttp.HTTPErrorOnError}),
	}
	g, childCtx := errgroup.WithContext(ctx)
	g.Go(func() error {
		err := profutils.StartProfilingServerWithDefaultHandlers(childCtx, cfg.ProfilerPort.Port, handlers)
		if errors.Is(err, http.ErrServerClosed) { // a clean shutdown
			return nil
		}
		return err
	})
	g.Go(func() error { return controller.StartControllerManager(childCtx, mgr) })
	g.Go(func() error {
		return controller.StartController(childCtx, cfg, defaultNamespace, mgr, &propellerScope)
	})
	return g.Wait()
}
