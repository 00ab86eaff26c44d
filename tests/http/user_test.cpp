// `tapchi user add` and `tapchi user list` on the real binary.
#include <gtest/gtest.h>

#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

class UserCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tapchi({"init", dir_.path().string() + "/j"}).exit_code, 0);
    config_ = (dir_.path() / "j" / "tapchi.toml").string();
  }
  CommandResult add(const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> all{"user", "add"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--config", config_});
    return run_tapchi(all, input);
  }
  TempDir dir_{"user"};
  std::string config_;
};

TEST_F(UserCommand, AddsFromStandardInputAndLists) {
  const auto added =
      add({"--role", "editor", "--name", "Nguyễn Lan", "Lan@Example.org"}, "a long passphrase\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_NE(added.out.find("Added lan@example.org (editor)"), std::string::npos) << added.out;
  const auto listed = run_tapchi({"user", "list", "--config", config_});
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("lan@example.org\teditor\tNguyễn Lan"), std::string::npos)
      << listed.out;
  EXPECT_EQ(listed.out.find("passphrase"), std::string::npos);
}

TEST_F(UserCommand, RefusesWithAReasonAndTheRightExitCode) {
  ASSERT_EQ(add({"a@example.org"}, "a long passphrase\n").exit_code, 0);
  const auto taken = add({"A@example.org"}, "another long one\n");
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.out.find("already exists"), std::string::npos) << taken.out;
  const auto weak = add({"b@example.org"}, "short\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.out.find("at least 10 characters"), std::string::npos) << weak.out;
  const auto no_password = add({"c@example.org"}, "");
  EXPECT_EQ(no_password.exit_code, 2);
  EXPECT_NE(no_password.out.find("no password"), std::string::npos) << no_password.out;
  const auto bad_role = add({"--role", "owner", "d@example.org"}, "a long passphrase\n");
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.out.find("unknown role"), std::string::npos) << bad_role.out;
  const auto listed = run_tapchi({"user", "list", "--config", config_});
  EXPECT_EQ(listed.out, "a@example.org\tcontributor\t\n");
}

}  // namespace
}  // namespace tapchi::testing
