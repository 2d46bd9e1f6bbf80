// Static mode (--static-examples DIR): placeholder until the matcher lands; see README.md.
#include "sandbox.hpp"
