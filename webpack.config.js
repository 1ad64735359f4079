// Builds the demo SPA (www/) the way a user's app would consume oidc-wasm:
// `import { OidcClient } from "oidc-wasm"` with webpack 5's async WebAssembly.
//
//   bash scripts/build-www.sh          (builds pkg/ first, then this, production)
//   npx webpack --mode development     (pkg/ must exist: bash scripts/build.sh)
//
// Output, www/dist/:
//   index.html     the page (served for / and /callback), asset names filled in
//   silent.html    the silent-renew landing page: static, no script (the library
//                  reads the same-origin iframe's location)
//   app.*.js, *.css, oidc_wasm.*.wasm, and the lazily loaded chunk
//
// Build-time settings (environment):
//   DESCOPE_PROJECT_ID   sign in with this Descope project by default
//   OIDC_AUTHORITY       default issuer        (http://localhost:9000)
//   OIDC_CLIENT_ID       default client id     (spa)
// At run time the page also takes ?authority=…&clientId=… or ?descope=<ProjectID>.

const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");

const WWW = path.resolve(__dirname, "www");
const PKG = path.resolve(__dirname, "pkg");

/** Emits index.html (with the entry's CSS and JS) and silent.html, no extra plugins. */
class DemoPagesPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("DemoPagesPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "DemoPagesPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const files = [...compilation.entrypoints.get("app").getFiles()];
          const publicPath = "/";
          const tags = [
            ...files.filter((f) => f.endsWith(".css")).map((f) => `<link rel="stylesheet" href="${publicPath}${f}">`),
            ...files.filter((f) => f.endsWith(".js")).map((f) => `<script defer src="${publicPath}${f}"></script>`),
          ].join("\n");
          for (const name of ["index.html", "silent.html"]) {
            const source = path.join(WWW, name);
            compilation.fileDependencies.add(source);
            let html = fs.readFileSync(source, "utf8");
            if (name === "index.html") {
              if (!html.includes("<!-- assets -->")) throw new Error("www/index.html: no <!-- assets --> marker");
              html = html.replace("<!-- assets -->", tags);
            }
            compilation.emitAsset(name, new webpack.sources.RawSource(html));
          }
        },
      );
    });
  }
}

module.exports = (env, argv) => {
  const production = (argv.mode ?? "production") === "production";
  if (!fs.existsSync(path.join(PKG, "package.json"))) {
    throw new Error(`oidc-wasm is not built: ${PKG} is missing. Run \`bash scripts/build.sh\` (or scripts/build-www.sh).`);
  }
  return {
    mode: production ? "production" : "development",
    context: __dirname,
    entry: { app: "./www/src/main.js" },
    output: {
      path: path.join(WWW, "dist"),
      publicPath: "/",
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      // The wasm arrives as an asset: the package locates it with new URL(…, import.meta.url).
      assetModuleFilename: "[name].[contenthash:8][ext]",
      clean: true,
    },
    resolve: {
      // What `npm install oidc-wasm` would give: the package scripts/build.sh builds.
      alias: { "oidc-wasm$": PKG },
    },
    experiments: {
      css: true,
    },
    plugins: [
      new DemoPagesPlugin(),
      new webpack.DefinePlugin({
        __DESCOPE_PROJECT_ID__: JSON.stringify(process.env.DESCOPE_PROJECT_ID ?? ""),
        __OIDC_AUTHORITY__: JSON.stringify(process.env.OIDC_AUTHORITY || "http://localhost:9000"),
        __OIDC_CLIENT_ID__: JSON.stringify(process.env.OIDC_CLIENT_ID || "spa"),
      }),
    ],
    devtool: production ? false : "source-map",
    // The .wasm carries the whole client; its size is budgeted elsewhere (README).
    performance: { hints: production ? "warning" : false, maxAssetSize: 400_000, maxEntrypointSize: 400_000 },
    stats: "errors-warnings",
  };
};
