#include "cli/cli.h"

int main(int argc, char** argv) { return pycpack::RunCli(argc, argv); }
