

label

x

x

