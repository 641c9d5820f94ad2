/* A shared object that is not a dlc model, for the loader's error test. */
int not_a_dlc_model(void) { return 42; }
