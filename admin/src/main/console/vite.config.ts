import { defineConfig } from "vite";

// Built by admin's Maven build (build.sh) into admin's classpath, where Quarkus serves META-INF/resources as static
// files: /console/index.html, /console/assets/*. Every asset is bundled; nothing is fetched from a CDN at run time.
export default defineConfig({
  base: "/console/",
  build: {
    outDir: "../../../target/classes/META-INF/resources/console",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
  },
});
