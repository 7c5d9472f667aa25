/* Smallest static x86_64 executable: a fixture for mkbootpkg's tests. */
void _start(void) {
  for (;;) {
  }
}
