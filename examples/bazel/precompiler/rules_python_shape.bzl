"""A stand-in for rules_python's precompile action (rules_python 1.x,
python/private/precompile.bzl): the same command line, params file and
environment, run with the precompiler target a py_exec_tools_toolchain
would hold."""

def _impl(ctx):
    precompiler = ctx.attr.precompiler

    # rules_python copies precompiler[testing.ExecutionInfo].requirements;
    # Bazel 4.2.3 cannot query that provider on a target, so they are given.
    requirements = ctx.attr.execution_requirements
    pycs = []
    for src in ctx.files.srcs:
        stem = src.basename[:-len(".py")]
        pyc = ctx.actions.declare_file("__pycache__/%s.cpython-311.pyc" % stem, sibling = src)
        args = ctx.actions.args()
        args.use_param_file("@%s", use_always = True)
        args.set_param_file_format("multiline")
        args.add("--invalidation_mode", "checked_hash")
        args.add("--src", src)
        args.add("--src_name", src.short_path)
        args.add("--pyc", pyc)
        args.add("--optimize", "0")
        args.add("--python_version", "3.11")
        ctx.actions.run(
            executable = precompiler[DefaultInfo].files_to_run,
            arguments = [ctx.actions.args(), args],  # no start-up arguments
            inputs = [src],
            outputs = [pyc],
            mnemonic = "PyCompile",
            progress_message = "Python precompiling %s" % src.short_path,
            env = {"PYTHONHASHSEED": "0", "PYTHONNOUSERSITE": "1", "PYTHONSAFEPATH": "1"},
            execution_requirements = requirements,
        )
        pycs.append(pyc)
    return [DefaultInfo(files = depset(pycs))]

precompile_like_rules_python = rule(
    implementation = _impl,
    attrs = {
        "srcs": attr.label_list(allow_files = [".py"]),
        "precompiler": attr.label(executable = True, cfg = "exec"),
        "execution_requirements": attr.string_dict(),
    },
)
