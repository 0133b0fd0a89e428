# bash completion for pycpack                               -*- shell-script -*-
#
# Completes subcommands, their options, the values of --force-mode,
# --optimize and --invalidation_mode, interpreters for --target and
# --python, directories for --output-dir and --cache-dir, and file
# arguments: manifests (*.json) for build, artifacts for verify (a directory,
# or a file of one of the formats pycpack writes: .tar, .tar.gz, .tar.zst,
# .zip, .whl), pycs and artifacts for inspect, pycs for canonicalize.
#
# Works with or without the bash-completion package (it uses nothing of
# it). tests/e2e/test_completion.py checks that every subcommand and every
# option that `pycpack --help` and `pycpack SUB --help` list is offered here.

__pycpack_subcommands="build canonicalize verify inspect precompile"
__pycpack_modes="py-only pyc-only py+pyc-checked py+pyc-unchecked"
# File name patterns (extglob) of the artifacts pycpack writes and reads.
__pycpack_artifacts="*.@(tar|tar.gz|tar.zst|zip|whl)"

# Options of each subcommand, and which of them take a value.
__pycpack_options() {
  case $1 in
    "") echo "-h --help --version" ;;
    build)
      echo "-h --help --force-mode --target --variant --retain-sources --output-dir" \
           "--json -j --jobs --cache-dir --no-cache -q --quiet -v --verbose" \
           "--persistent_worker" ;;
    canonicalize) echo "-h --help --check -q --quiet -v --verbose" ;;
    verify) echo "-h --help --python --import --root --optimize --json" ;;
    inspect) echo "-h --help --json" ;;
    precompile)
      echo "-h --help --src --src_name --pyc --invalidation_mode --optimize" \
           "--python_version --persistent_worker --log_level --worker_impl" \
           "--strip_docstrings --interpreter -j --jobs" ;;
  esac
}
__pycpack_takes_value() {
  case $1 in
    --force-mode | --target | --variant | --output-dir | -j | --jobs | --cache-dir | \
    --python | --import | --root | --optimize | --src | --src_name | --pyc | \
    --invalidation_mode | --python_version | --log_level | --worker_impl | \
    --interpreter) return 0 ;;
  esac
  return 1
}

# Appends to COMPREPLY the words of $1 that start with $2.
__pycpack_words() {
  local IFS=$' \t\n' w
  for w in $1; do
    [[ $w == "$2"* ]] && COMPREPLY+=("$w")
  done
}

# Appends to COMPREPLY the directories starting with $1 and, if $2 is given,
# the files matching the extglob pattern $2 (all files if $2 is "*").
__pycpack_files() {
  local cur=$1 pattern=$2 extglob_was="" line
  # The patterns are extglobs (zsh's bashcompinit reads them as kshglobs).
  if [[ -n ${BASH_VERSION-} ]]; then
    extglob_was=$(shopt -p extglob)
    shopt -s extglob
  fi
  while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -d -- "$cur")
  if [[ -n $pattern ]]; then
    while IFS= read -r line; do
      [[ -d $line ]] || COMPREPLY+=("$line")
    done < <(compgen -f -X "!$pattern" -- "$cur")
  fi
  [[ -z $extglob_was ]] || eval "$extglob_was"
  # Quote special characters and add a slash to directories, where
  # supported (bash >= 4; not in zsh's bashcompinit).
  compopt -o filenames 2>/dev/null || true
}

# Appends to COMPREPLY the programs in PATH named python, python3,
# python3.12 ... that start with $1, and for a word with a slash the files
# (an interpreter may be given by path).
__pycpack_pythons() {
  local line
  while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -c -- "${1:-python}" |
      grep -E '^python[0-9.]*$' | sort -u)
  [[ $1 == */* ]] && __pycpack_files "$1" "*"
  return 0
}

__pycpack_complete() {
  COMPREPLY=()
  local cword=$COMP_CWORD
  local cur=${COMP_WORDS[cword]}
  local prev=""
  ((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
  # With '=' in COMP_WORDBREAKS, "--force-mode=py" arrives as
  # "--force-mode" "=" "py".
  if [[ $cur == "=" ]]; then
    prev=${COMP_WORDS[cword - 1]}
    cur=""
  elif [[ $prev == "=" ]] && ((cword > 1)); then
    prev=${COMP_WORDS[cword - 2]}
  elif [[ $cur == --*=* ]]; then
    prev=${cur%%=*}
    cur=${cur#*=}
  fi

  # The subcommand: the first word that is not an option.
  local sub="" i word
  for ((i = 1; i < cword; i++)); do
    word=${COMP_WORDS[i]}
    case $word in
      -* | = | "") ;;
      *) sub=$word; break ;;
    esac
  done

  case $prev in
    --force-mode) __pycpack_words "$__pycpack_modes" "$cur"; return 0 ;;
    --optimize) __pycpack_words "0 1 2" "$cur"; return 0 ;;
    --invalidation_mode) __pycpack_words "CHECKED_HASH UNCHECKED_HASH" "$cur"; return 0 ;;
    --target) __pycpack_words "embedded" "$cur"; __pycpack_pythons "$cur"; return 0 ;;
    --python) __pycpack_pythons "$cur"; return 0 ;;
    --output-dir | --cache-dir) __pycpack_files "$cur" ""; return 0 ;;
    --src) __pycpack_files "$cur" "*.py"; return 0 ;;
    --pyc) __pycpack_files "$cur" "*"; return 0 ;;
  esac
  if [[ -n $sub ]] && __pycpack_takes_value "$prev"; then
    return 0  # a value nothing can guess: a name, a number, a path inside an artifact
  fi

  if [[ -z $sub ]]; then
    if [[ $cur == -* ]]; then
      __pycpack_words "$(__pycpack_options "")" "$cur"
    else
      __pycpack_words "$__pycpack_subcommands" "$cur"
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    __pycpack_words "$(__pycpack_options "$sub")" "$cur"
    return 0
  fi
  case $sub in
    build) __pycpack_files "$cur" "*.json" ;;
    canonicalize) __pycpack_files "$cur" "*.pyc" ;;
    verify) __pycpack_files "$cur" "$__pycpack_artifacts" ;;
    inspect) __pycpack_files "$cur" "@(*.pyc|$__pycpack_artifacts)" ;;
    precompile)
      # @PARAMS: a params file, one argument per line.
      if [[ $cur == @* ]]; then
        __pycpack_files "${cur#@}" "*"
        COMPREPLY=("${COMPREPLY[@]/#/@}")
      fi ;;
  esac
  return 0
}

complete -F __pycpack_complete pycpack
