// Field access by name on code objects of both layouts.
#include "marshal/code_view.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "marshal/reader.h"
#include "marshal_builder.h"

namespace pycpack::marshal {
namespace {

using namespace pycpack::marshal_test;  // NOLINT: the builder's vocabulary

TEST(CodeViewTest, FieldsByNameInEveryLayout) {
  for (const CodeLayout& layout : AllCodeLayouts()) {
    SCOPED_TRACE(layout.python);
    CodeParts p;
    p.code = Bytes("ab");
    p.consts = Tuple({Str("doc"), None()});
    p.names = Tuple({Str("x"), Str("y")});
    p.filename = Str("pkg/m.py");
    p.firstlineno = 7;
    // 3.8-3.10 still marshal co_nlocals.
    const bool old = std::any_of(layout.fields.begin(), layout.fields.end(), [](const CodeField& f) {
      return std::string_view(f.name) == "co_nlocals";
    });
    const std::string data = old ? Code38(p) : Code311(p);
    Result<ObjectGraph> graph = ReadMarshal(data, layout, 0);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    CodeView view(*graph, graph->root);
    EXPECT_EQ(view.Text("co_filename"), "pkg/m.py");
    EXPECT_EQ(view.Text("co_name"), "<module>");
    EXPECT_EQ(view.Text("co_code"), "ab");
    EXPECT_EQ(view.Int("co_firstlineno"), 7);
    EXPECT_EQ(view.Int("co_stacksize"), 1);
    EXPECT_EQ(view.Names("co_names"), (std::vector<std::string_view>{"x", "y"}));
    ASSERT_EQ(view.Consts().size(), 2u);
    EXPECT_EQ(view.Consts()[0]->data, "doc");
    EXPECT_EQ(view.Consts()[1]->kind, NodeKind::kNone);
    // Fields of the other layout are absent, not misread.
    EXPECT_EQ(view.Object("co_qualname") == nullptr, old);
    EXPECT_EQ(view.Int("co_nlocals").has_value(), old);
    EXPECT_EQ(view.Object("co_nonsense"), nullptr);
  }
}

}  // namespace
}  // namespace pycpack::marshal
