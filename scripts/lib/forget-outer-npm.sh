# Sourced by scripts that run a nested npm on another Node (scripts/e2e-setup.sh).
#
# `npm run X` exports variables that describe ITS OWN run and toolchain: npm_config_user_agent names its Node
# (code-server's postinstall reads the Node version from it and refuses anything but Node 24), npm_config_node_gyp
# and npm_execpath point into that npm, npm_config_local_prefix at the repository (a nested `npm i` would treat it as
# the project root), npm_package_* and npm_lifecycle_* describe the outer package. A nested npm on another Node must
# not inherit them. Settings that say WHERE and HOW to reach the registry (userconfig, globalconfig, registry, cafile,
# proxies, cache) are the machine's and are kept.
forget_outer_npm_run() {
    local name
    for name in $(compgen -e); do
        case "$name" in
            npm_config_user_agent|npm_config_node_gyp|npm_config_npm_version|npm_config_nodedir \
            |npm_config_prefix|npm_config_global_prefix|npm_config_local_prefix \
            |npm_node_execpath|npm_execpath|npm_command|npm_lifecycle_*|npm_package_*|INIT_CWD|NODE)
                unset "$name" ;;
        esac
    done
}
