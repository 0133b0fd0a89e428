// Reading what an --import run printed: the -v log and the result line.
#include "verify/import_check.h"

#include <gtest/gtest.h>

#include "verify/check_program.h"

namespace pycpack {
namespace {

// Lines as CPython 3.8-3.13 print them with -v (see
// importlib/_bootstrap_external.py), among others that must be ignored.
constexpr char kLog[] =
    "import _frozen_importlib # frozen\n"
    "# /r/pkg/__pycache__/__init__.cpython-311.pyc matches /r/pkg/__init__.py\n"
    "# code object from '/r/pkg/__pycache__/__init__.cpython-311.pyc'\n"
    "import 'pkg' # <_frozen_importlib_external.SourceFileLoader object>\n"
    "# code object from /r/pkg/mod.py\n"
    "# code object from \"/r/it's/__pycache__/q.cpython-311.pyc\"\r\n"
    "# code object from '/r/back\\\\slash.pyc'\n"
    "#code object from '/not/this'\n"
    "# cleanup[2] removing pkg";

TEST(ParseVerboseLogTest, TellsPycsFromSources) {
  std::vector<CodeObjectLoad> loads = ParseVerboseLog(kLog);
  ASSERT_EQ(loads.size(), 4u);
  EXPECT_EQ(loads[0].path, "/r/pkg/__pycache__/__init__.cpython-311.pyc");
  EXPECT_TRUE(loads[0].from_bytecode);
  EXPECT_EQ(loads[1].path, "/r/pkg/mod.py");
  EXPECT_FALSE(loads[1].from_bytecode);
  EXPECT_EQ(loads[2].path, "/r/it's/__pycache__/q.cpython-311.pyc");
  EXPECT_TRUE(loads[2].from_bytecode);
  EXPECT_EQ(loads[3].path, "/r/back\\slash.pyc");
}

TEST(ParseImportOutputTest, ReadsTheLastResultLine) {
  std::string marker = kImportMarker;
  std::string out = "printed by the module\n" + marker + "{\"module\": \"x\"}\n" +
                    "\n" + marker +
                    R"({"module": "pkg", "file": "/r/pkg/__init__.py", )"
                    R"("error": null, "in_root": []})" + "\n";
  Result<ImportResult> r = ParseImportOutput(out);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->module, "pkg");
  EXPECT_EQ(r->file, "/r/pkg/__init__.py");
  EXPECT_EQ(r->error, "");
  r = ParseImportOutput("\n" + marker +
                        R"({"module": "nope", "file": null, "error": )"
                        R"("ModuleNotFoundError: No module named 'nope'"})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->error, "ModuleNotFoundError: No module named 'nope'");
}

TEST(ParseImportOutputTest, NoResultLineIsAnError) {
  EXPECT_FALSE(ParseImportOutput("").ok());
  EXPECT_FALSE(ParseImportOutput("Segmentation fault\n").ok());
  EXPECT_FALSE(ParseImportOutput("\n" + std::string(kImportMarker) + "{").ok());
}

}  // namespace
}  // namespace pycpack
