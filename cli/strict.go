package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// strictHelpAndCompletion makes `fitcheck help NOSUCH` and `fitcheck
// completion NOSUCH` usage errors (exit 2): cobra prints the help and
// exits 0 for both, which a script reads as success.
func strictHelpAndCompletion(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			run := c.Run
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					if found, _, err := root.Find(args); err != nil || found == root {
						return usagef("no help topic %q (commands: %s)", strings.Join(args, " "), commandNames(root))
					}
				}
				run(cmd, args)
				return nil
			}
		case "completion":
			c.Args = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usagef("completion %q: no such shell (bash, zsh, fish, powershell)", args[0])
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, _ []string) error {
				cmd.PrintErrln(cmd.UsageString())
				return usagef("completion needs a shell: bash, zsh, fish or powershell")
			}
		}
	}
}

// commandNames lists the visible subcommands.
func commandNames(root *cobra.Command) string {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return strings.Join(names, ", ")
}
