// main: reel's command line (CLI11). The only file that prints or exits; every command
// runs the same pipeline in commands/.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "base/fs.h"
#include "commands/build.h"
#include "output/output.h"

namespace {

using reel::Diagnostics;

void print_diagnostics(const Diagnostics& diags) {
  std::string text = diags.format();
  if (!text.empty()) std::fputs(text.c_str(), stderr);
}

/// The output folder: --output is relative to the working directory, site.yaml's
/// `output` to the site folder.
std::string output_folder(const std::string& cli_output, const std::string& source, const std::string& configured) {
  if (!cli_output.empty()) return cli_output;
  std::filesystem::path p(configured);
  if (p.is_absolute()) return configured;
  return (std::filesystem::path(source) / p).lexically_normal().string();
}

int run_build(const std::string& source, const std::string& cli_output, const std::string& base_url) {
  auto start = std::chrono::steady_clock::now();
  if (!std::filesystem::is_directory(source)) {
    fmt::print(stderr, "reel: error: the site folder `{}` does not exist\n  hint: pass --source DIR with a folder that holds site.yaml\n", source);
    return 1;
  }
  reel::DiskFileSystem src(source);
  reel::BuildOptions options;
  options.base_url = base_url;
  reel::BuildResult result = reel::build_site(src, options);
  print_diagnostics(result.diags);
  if (result.diags.has_errors()) {
    fmt::print(stderr, "reel: build failed with {} error{}; the output folder was left as it was\n",
               result.diags.error_count(), result.diags.error_count() == 1 ? "" : "s");
    return 1;
  }
  std::string out_dir = output_folder(cli_output, source, result.config.output_dir);
  std::error_code ec;
  if (std::filesystem::exists(out_dir, ec) && !std::filesystem::is_directory(out_dir, ec)) {
    fmt::print(stderr, "reel: error: the output path `{}` is a file, not a folder\n", out_dir);
    return 1;
  }
  reel::DiskFileSystem out(out_dir);
  Diagnostics write_diags;
  reel::WriteStats stats;
  try {
    stats = reel::write_output(out, result.files, write_diags);
  } catch (const reel::Error& e) {
    write_diags.add(e.diagnostic());
  }
  if (write_diags.has_errors()) {
    for (auto d : write_diags.items()) {
      d.pos.file = (std::filesystem::path(out_dir) / d.pos.file).string();
      std::fputs(d.format().c_str(), stderr);
    }
    fmt::print(stderr, "reel: build not written: {}\n", out_dir);
    return 1;
  }
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::string per_lang;
  for (const auto& lang : result.config.languages) {
    auto it = result.pages_by_lang.find(lang.code);
    per_lang += fmt::format("{}{} {}", per_lang.empty() ? "" : ", ", lang.code, it == result.pages_by_lang.end() ? 0 : it->second);
  }
  fmt::print("reel: built {} page{} ({}) into {} in {:.1f} ms: {} file{} written, {} unchanged, {} removed\n",
             result.pages, result.pages == 1 ? "" : "s", per_lang, out_dir, ms, stats.written,
             stats.written == 1 ? "" : "s", stats.unchanged, stats.removed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reel: a static site generator for film fact pages, in several languages"};
  app.set_version_flag("--version", std::string("reel ") + REEL_VERSION);
  app.require_subcommand(1);
  app.footer("Run `reel COMMAND --help` for a command's options.");

  std::string source = ".";
  std::string output;
  std::string base_url;
  CLI::App* build = app.add_subcommand("build", "Render the site into the output folder (default: _site/)");
  build->add_option("--source,-s", source, "Site folder, holding site.yaml")->capture_default_str();
  build->add_option("--output,-o", output, "Output folder (default: site.yaml's `output`, relative to the site)");
  build->add_option("--base-url", base_url, "Base URL to use instead of site.yaml's, e.g. http://localhost:8000/");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (build->parsed()) return run_build(source, output, base_url);
  } catch (const reel::Error& e) {
    std::fputs(e.diagnostic().format().c_str(), stderr);
    return 1;
  }
  return 0;
}
