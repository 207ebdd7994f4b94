// placeholder so the module has a source; replaced as the module grows
