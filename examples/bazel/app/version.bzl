"""version_module: writes a Python module holding a version string."""

def _version_module_impl(ctx):
    ctx.actions.write(ctx.outputs.out, "VERSION = %r\n" % ctx.attr.version)

version_module = rule(
    implementation = _version_module_impl,
    attrs = {
        "out": attr.output(mandatory = True),
        "version": attr.string(mandatory = True),
    },
)
