"""The default of --@pycpack//bazel:tool: a target that explains itself."""

def _unconfigured_tool_impl(ctx):
    fail(("no pycpack binary configured for %s: set " +
          "--@pycpack//bazel:tool=<label of the pycpack executable> (e.g. in " +
          ".bazelrc), or the rule's `tool` attribute; see docs/bazel.md") %
         ctx.label)

unconfigured_tool = rule(implementation = _unconfigured_tool_impl)
